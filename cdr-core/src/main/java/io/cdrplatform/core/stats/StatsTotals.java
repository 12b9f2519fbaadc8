package io.cdrplatform.core.stats;

import java.math.BigDecimal;

/**
 * The sums a store computes over a campaign's CDRs in a date range; {@link CampaignStats#of}
 * turns them into the contract's answer.
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

    public static StatsTotals empty() {
        return new StatsTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
    }
}
