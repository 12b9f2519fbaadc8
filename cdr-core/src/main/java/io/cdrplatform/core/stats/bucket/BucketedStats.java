package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.core.stats.StatsAccumulator;
import io.cdrplatform.core.stats.StatsBuckets;
import java.time.Instant;
import java.time.ZoneId;

/**
 * {@code /stats} of a start-time range: the whole 15-minute buckets inside the range from their
 * published totals, the partial buckets at its edges from their CDRs. Field for field the same as
 * {@link #scanned}, the full scan of the range's CDRs, when the buckets are up to date.
 */
public final class BucketedStats {

    private BucketedStats() {
    }

    public static CampaignStats compute(StatsSlices slices, String campaignId, Instant from, Instant until,
                                        ZoneId zone) {
        StatsAccumulator accumulator = new StatsAccumulator(zone);
        StatsBuckets.Split split = StatsBuckets.split(from, until);
        if (split.hasWholeBuckets()) {
            slices.buckets(campaignId, split.wholeFrom(), split.wholeUntil(), accumulator::add);
        }
        for (StatsBuckets.Edge edge : split.edges()) {
            slices.scan(campaignId, edge.from(), edge.until(), accumulator::add);
        }
        return accumulator.stats();
    }

    /** The same answer from the CDRs alone. */
    public static CampaignStats scanned(StatsSlices slices, String campaignId, Instant from, Instant until,
                                        ZoneId zone) {
        StatsAccumulator accumulator = new StatsAccumulator(zone);
        if (from == null || until == null || from.isBefore(until)) {
            slices.scan(campaignId, from, until, accumulator::add);
        }
        return accumulator.stats();
    }
}
