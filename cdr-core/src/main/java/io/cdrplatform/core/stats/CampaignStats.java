package io.cdrplatform.core.stats;

import java.math.BigDecimal;
import java.util.List;

/** The answer of {@code GET /campaigns/{id}/stats}, in the contract's field names. */
public record CampaignStats(
        long totalAttempts,
        long answered,
        BigDecimal answerRate,
        long converted,
        BigDecimal conversionRate,
        long busy,
        long failed,
        long noAnswer,
        long voicemail,
        long optedOut,
        long activeCalls,
        long totalDurationSeconds,
        BigDecimal averageDurationSeconds,
        BigDecimal totalCost,
        List<HourBucket> byHour) {

    public static CampaignStats of(StatsTotals totals, List<HourBucket> byHour) {
        return new CampaignStats(
                totals.totalAttempts(),
                totals.answered(),
                Rates.ratio(totals.answered(), totals.totalAttempts()),
                totals.converted(),
                Rates.ratio(totals.converted(), totals.answered()),
                totals.busy(),
                totals.failed(),
                totals.noAnswer(),
                totals.voicemail(),
                totals.optedOut(),
                totals.activeCalls(),
                totals.totalDurationSeconds(),
                Rates.mean(totals.answeredDurationSeconds(), totals.answeredEnded()),
                totals.totalCost(),
                List.copyOf(byHour));
    }
}
