package io.cdrplatform.core.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Prices calls: the longest prefix of the rate table valid at the call's start, else the
 * {@code COST_PER_MINUTE} / {@code BILLING_INCREMENT} tariff for an E.164 number (or a call
 * without a number), else 0 for an extension (internal calls cost nothing unless a rate prices
 * them). With an empty table every call with a number priced as before the rate table existed,
 * extensions aside. Immutable and thread-safe.
 */
public record Pricing(RateTable rates, Tariff fallback) {

    public Pricing {
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(fallback, "fallback");
    }

    /** No rate table: every call priced with the tariff (extensions cost 0). */
    public static Pricing of(Tariff fallback) {
        return new Pricing(RateTable.empty(), fallback);
    }

    public Rating price(String phoneNumber, Instant startTime, long billableSeconds) {
        String key = RateTable.destinationKey(phoneNumber);
        Rate rate = key == null ? null : rates.lookup(key, startTime);
        if (rate != null) {
            return new Rating(billableSeconds, rate.costOf(billableSeconds), rate.prefix(), rate.name());
        }
        if (key != null && RateTable.isExtension(key)) {
            return new Rating(billableSeconds, BigDecimal.ZERO.setScale(Tariff.SCALE), null,
                    Rating.INTERNAL_RATE_NAME);
        }
        return new Rating(billableSeconds, fallback.costOf(billableSeconds), null, Rating.DEFAULT_RATE_NAME);
    }

    /** The same fallback with another table (the logger's refresh). */
    public Pricing withRates(RateTable table) {
        return new Pricing(table, fallback);
    }
}
