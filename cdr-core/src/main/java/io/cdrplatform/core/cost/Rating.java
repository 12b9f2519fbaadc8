package io.cdrplatform.core.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How one call was priced: its billable seconds, its cost, and the rate it was priced with. A call
 * priced with a rate of the table names its prefix and name; one priced with the
 * {@code COST_PER_MINUTE} / {@code BILLING_INCREMENT} fallback has no prefix and the name
 * {@value #DEFAULT_RATE_NAME}; an extension no rate prices has no prefix, the name
 * {@value #INTERNAL_RATE_NAME} and costs 0.
 *
 * @param ratePrefix null unless a rate of the table priced the call
 */
public record Rating(long billableSeconds, BigDecimal cost, String ratePrefix, String rateName) {

    public static final String DEFAULT_RATE_NAME = "default";
    public static final String INTERNAL_RATE_NAME = "internal";

    public Rating {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(rateName, "rateName");
        if (billableSeconds < 0) {
            throw new IllegalArgumentException("negative billable seconds " + billableSeconds);
        }
    }
}
