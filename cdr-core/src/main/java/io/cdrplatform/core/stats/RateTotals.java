package io.cdrplatform.core.stats;

import java.math.BigDecimal;
import java.util.Objects;

/** What the calls priced with one rate (by name) add up to: how many, their billable seconds, their cost. */
public record RateTotals(long calls, long billableSeconds, BigDecimal cost) {

    public RateTotals {
        Objects.requireNonNull(cost, "cost");
    }

    public RateTotals plus(RateTotals other) {
        return new RateTotals(calls + other.calls, billableSeconds + other.billableSeconds, cost.add(other.cost));
    }

    public RateTotals negated() {
        return new RateTotals(-calls, -billableSeconds, cost.negate());
    }

    /** Nothing at all (a cost of 0.000000 is nothing). */
    public boolean isZero() {
        return calls == 0 && billableSeconds == 0 && cost.signum() == 0;
    }
}
