package io.cdrplatform.core.stats;

import java.math.BigDecimal;

/**
 * The sums a store computes over a campaign's CDRs in a date range, or holds for one 15-minute
 * bucket; {@link CampaignStats#of} turns them into the contract's answer. Sums add up exactly
 * (longs and BigDecimal), so buckets and slices can be added and subtracted in any order.
 *
 * @param answeredDurationSeconds the summed duration of the answered calls that have ended
 * @param answeredEnded           how many answered calls have ended (the average's divisor)
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
        BigDecimal totalCost) {

    private static final StatsTotals EMPTY = new StatsTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);

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
                totalCost.add(other.totalCost));
    }

    public StatsTotals minus(StatsTotals other) {
        return plus(other.negated());
    }

    public StatsTotals negated() {
        return new StatsTotals(-totalAttempts, -answered, -converted, -busy, -failed, -noAnswer, -voicemail,
                -optedOut, -activeCalls, -totalDurationSeconds, -answeredDurationSeconds, -answeredEnded,
                totalCost.negate());
    }

    /** Every count and sum is zero (a cost of 0.000000 is zero). */
    public boolean isZero() {
        return totalAttempts == 0 && answered == 0 && converted == 0 && busy == 0 && failed == 0 && noAnswer == 0
                && voicemail == 0 && optedOut == 0 && activeCalls == 0 && totalDurationSeconds == 0
                && answeredDurationSeconds == 0 && answeredEnded == 0 && totalCost.signum() == 0;
    }
}
