package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.stats.StatsTotals;
import java.time.Instant;

/** Where {@link BucketedStats} reads a campaign's stats from (MongoDB in production). */
public interface StatsSlices {

    /** The published totals of the campaign's buckets that start in {@code [from, until)} (null: open). */
    void buckets(String campaignId, Instant from, Instant until, SliceSink sink);

    /**
     * The campaign's CDRs whose {@code startTime} is in {@code [from, until)} (null: open), summed per
     * 15-minute slice of {@code startTime} (the full scan).
     */
    void scan(String campaignId, Instant from, Instant until, SliceSink sink);

    /** Receives one slice: its start and the totals of the calls that started in it. */
    @FunctionalInterface
    interface SliceSink {
        void accept(Instant sliceStart, StatsTotals totals);
    }
}
