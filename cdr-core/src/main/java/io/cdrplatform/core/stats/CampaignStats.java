package io.cdrplatform.core.stats;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The answer of {@code GET /campaigns/{id}/stats}, in the contract's field names.
 *
 * @param costByDestination the {@value #TOP_DESTINATIONS} rate names with the highest cost (ties by name)
 */
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
        long billableSeconds,
        List<DestinationCost> costByDestination,
        List<HourBucket> byHour) {

    public static final int TOP_DESTINATIONS = 20;
    private static final Comparator<DestinationCost> MOST_COST_FIRST = Comparator.comparing(DestinationCost::cost)
            .reversed().thenComparing(DestinationCost::rateName);

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
                totals.billableSeconds(),
                topDestinations(totals),
                List.copyOf(byHour));
    }

    private static List<DestinationCost> topDestinations(StatsTotals totals) {
        List<DestinationCost> all = new ArrayList<>(totals.byRate().size());
        totals.byRate().forEach((name, rate) -> all.add(new DestinationCost(name, rate.calls(), rate.billableSeconds(),
                rate.cost())));
        all.sort(MOST_COST_FIRST);
        return List.copyOf(all.subList(0, Math.min(TOP_DESTINATIONS, all.size())));
    }
}
