package io.cdrplatform.core.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sums a store computes over a campaign's CDRs in a date range, or holds for one 15-minute
 * bucket; {@link CampaignStats#of} turns them into the contract's answer. Sums add up exactly
 * (longs and BigDecimal), so buckets and slices can be added and subtracted in any order.
 *
 * @param answeredDurationSeconds the summed duration of the answered calls that have ended
 * @param answeredEnded           how many answered calls have ended (the average's divisor)
 * @param billableSeconds         the summed billable seconds of the ended calls
 * @param byRate                  per rate name, what the ended calls priced with it add up to (no all-zero entry)
 */
public record StatsTotals(
        long totalAttempts,
        long answered,
        long converted,
        long busy,
        long failed,
        long noAnswer,
        long voicemail,
        long optedOut,
        long activeCalls,
        long totalDurationSeconds,
        long answeredDurationSeconds,
        long answeredEnded,
        BigDecimal totalCost,
        long billableSeconds,
        Map<String, RateTotals> byRate) {

    private static final StatsTotals EMPTY = new StatsTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);

    public StatsTotals {
        byRate = withoutZeros(byRate);
    }

    /** Totals without billing figures (no billable seconds, no rates). */
    public StatsTotals(long totalAttempts, long answered, long converted, long busy, long failed, long noAnswer,
                       long voicemail, long optedOut, long activeCalls, long totalDurationSeconds,
                       long answeredDurationSeconds, long answeredEnded, BigDecimal totalCost) {
        this(totalAttempts, answered, converted, busy, failed, noAnswer, voicemail, optedOut, activeCalls,
                totalDurationSeconds, answeredDurationSeconds, answeredEnded, totalCost, 0, Map.of());
    }

    public static StatsTotals empty() {
        return EMPTY;
    }

    public StatsTotals plus(StatsTotals other) {
        return new StatsTotals(
                totalAttempts + other.totalAttempts,
                answered + other.answered,
                converted + other.converted,
                busy + other.busy,
                failed + other.failed,
                noAnswer + other.noAnswer,
                voicemail + other.voicemail,
                optedOut + other.optedOut,
                activeCalls + other.activeCalls,
                totalDurationSeconds + other.totalDurationSeconds,
                answeredDurationSeconds + other.answeredDurationSeconds,
                answeredEnded + other.answeredEnded,
                totalCost.add(other.totalCost),
                billableSeconds + other.billableSeconds,
                mergedRates(byRate, other.byRate));
    }

    public StatsTotals minus(StatsTotals other) {
        return plus(other.negated());
    }

    public StatsTotals negated() {
        Map<String, RateTotals> negatedRates = new TreeMap<>();
        byRate.forEach((name, totals) -> negatedRates.put(name, totals.negated()));
        return new StatsTotals(-totalAttempts, -answered, -converted, -busy, -failed, -noAnswer, -voicemail,
                -optedOut, -activeCalls, -totalDurationSeconds, -answeredDurationSeconds, -answeredEnded,
                totalCost.negate(), -billableSeconds, negatedRates);
    }

    /** The same totals with the cost rounded half-up to {@code scale} decimals (0 and 0.000000 then compare equal). */
    public StatsTotals withCostScale(int scale) {
        return new StatsTotals(totalAttempts, answered, converted, busy, failed, noAnswer, voicemail, optedOut,
                activeCalls, totalDurationSeconds, answeredDurationSeconds, answeredEnded,
                totalCost.setScale(scale, RoundingMode.HALF_UP), billableSeconds, scaled(byRate, scale));
    }

    /** Every count and sum is zero (a cost of 0.000000 is zero). */
    public boolean isZero() {
        return totalAttempts == 0 && answered == 0 && converted == 0 && busy == 0 && failed == 0 && noAnswer == 0
                && voicemail == 0 && optedOut == 0 && activeCalls == 0 && totalDurationSeconds == 0
                && answeredDurationSeconds == 0 && answeredEnded == 0 && totalCost.signum() == 0
                && billableSeconds == 0 && byRate.isEmpty();
    }

    private static Map<String, RateTotals> mergedRates(Map<String, RateTotals> a, Map<String, RateTotals> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        Map<String, RateTotals> merged = new TreeMap<>(a);
        b.forEach((name, totals) -> merged.merge(name, totals, RateTotals::plus));
        return merged;
    }

    private static Map<String, RateTotals> scaled(Map<String, RateTotals> rates, int scale) {
        Map<String, RateTotals> scaled = new TreeMap<>();
        rates.forEach((name, totals) -> scaled.put(name, new RateTotals(totals.calls(), totals.billableSeconds(),
                totals.cost().setScale(scale, RoundingMode.HALF_UP))));
        return scaled;
    }

    private static Map<String, RateTotals> withoutZeros(Map<String, RateTotals> rates) {
        if (rates == null || rates.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, RateTotals> kept = new TreeMap<>();
        rates.forEach((name, totals) -> {
            if (!totals.isZero()) {
                kept.put(name, totals);
            }
        });
        return kept.isEmpty() ? Map.of() : Collections.unmodifiableMap(kept);
    }
}
