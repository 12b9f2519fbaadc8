package io.cdrplatform.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Price per minute and billing increment: a call costs billed seconds x price / 60, rounded half-up
 * to 6 decimal places (never to cents: sub-cent prices are normal in telephony).
 */
public record Tariff(BigDecimal costPerMinute, BillingIncrement increment) {

    public static final int SCALE = 6;
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    public Tariff {
        Objects.requireNonNull(costPerMinute, "costPerMinute");
        Objects.requireNonNull(increment, "increment");
        if (costPerMinute.signum() < 0) {
            throw new IllegalArgumentException("COST_PER_MINUTE must not be negative, got " + costPerMinute);
        }
    }

    /** The defaults of the contract: 0.01 per minute, billed per started minute. */
    public static Tariff defaults() {
        return new Tariff(new BigDecimal("0.01"), BillingIncrement.PER_MINUTE);
    }

    /** From the {@code COST_PER_MINUTE} and {@code BILLING_INCREMENT} settings; a malformed one is a clear error. */
    public static Tariff parse(String costPerMinute, String billingIncrement) {
        BigDecimal price;
        try {
            price = new BigDecimal(costPerMinute.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("COST_PER_MINUTE '" + costPerMinute + "' is not a decimal number like 0.01");
        }
        return new Tariff(price, BillingIncrement.parse(billingIncrement));
    }

    public BigDecimal costOf(long durationSeconds) {
        long billed = increment.billedSeconds(durationSeconds);
        return costPerMinute.multiply(BigDecimal.valueOf(billed))
                .divide(SIXTY, SCALE, RoundingMode.HALF_UP);
    }
}
