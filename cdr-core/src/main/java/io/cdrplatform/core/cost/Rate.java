package io.cdrplatform.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One row of a carrier's rate sheet: a destination prefix with its price, valid from an instant
 * (inclusive) to an optional instant (exclusive).
 *
 * <p>The prefix is written as {@link RateTable#destinationKey destination keys} are: the digits of
 * an E.164 number without its {@code +} ({@code 44}, {@code 4479}), or, for the PBX's own
 * extensions (numbers without {@code +}), an {@code x} followed by the extension's leading digits
 * ({@code x} prices every extension, {@code x24} those starting with 24).
 *
 * <p>A call with billable seconds costs the connection fee plus billed seconds x price / 60, rounded
 * half-up once to {@value Tariff#SCALE} decimal places; a call without billable seconds costs 0
 * (no connection fee for a call nobody took).
 */
public record Rate(
        String prefix,
        String name,
        BigDecimal pricePerMinute,
        BigDecimal connectionFee,
        BillingIncrement increment,
        Instant validFrom,
        Instant validTo) {

    /** E.164 numbers have at most 15 digits; the contract's phone numbers at most 20. */
    public static final Pattern PREFIX = Pattern.compile("[0-9]{1,20}|x[0-9]{0,20}");
    public static final int MAX_NAME_LENGTH = 100;
    /** Decimal128 holds 34 significant digits. */
    public static final int MAX_PRECISION = 34;
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    public Rate {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pricePerMinute, "pricePerMinute");
        Objects.requireNonNull(connectionFee, "connectionFee");
        Objects.requireNonNull(increment, "increment");
        Objects.requireNonNull(validFrom, "validFrom");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix '" + prefix
                    + "' is neither 1-20 digits of an E.164 number nor x and 0-20 digits of an extension");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must be 1-" + MAX_NAME_LENGTH
                    + " characters without control characters, got '" + name + "'");
        }
        requireMoney("price per minute", pricePerMinute);
        requireMoney("connection fee", connectionFee);
        if (validTo != null && !validTo.isAfter(validFrom)) {
            throw new IllegalArgumentException("valid to " + validTo + " is not after valid from " + validFrom);
        }
    }

    /** Valid at {@code at}: from inclusive, to exclusive. */
    public boolean validAt(Instant at) {
        return !at.isBefore(validFrom) && (validTo == null || at.isBefore(validTo));
    }

    /** The cost of a call of {@code billableSeconds} under this rate. */
    public BigDecimal costOf(long billableSeconds) {
        long billed = increment.billedSeconds(billableSeconds);
        if (billed == 0) {
            return BigDecimal.ZERO.setScale(Tariff.SCALE);
        }
        return connectionFee.multiply(SIXTY)
                .add(pricePerMinute.multiply(BigDecimal.valueOf(billed)))
                .divide(SIXTY, Tariff.SCALE, RoundingMode.HALF_UP);
    }

    private static void requireMoney(String what, BigDecimal amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + amount.toPlainString());
        }
        if (amount.precision() > MAX_PRECISION) {
            throw new IllegalArgumentException(what + " has more than " + MAX_PRECISION + " digits: "
                    + amount.toPlainString());
        }
    }
}
