package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.stats.StatsBuckets;
import java.time.Instant;
import java.util.Objects;

/** One campaign's 15-minute bucket, named by its UTC start. */
public record StatsBucketKey(String campaignId, Instant start) implements Comparable<StatsBucketKey> {

    public StatsBucketKey {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(start, "start");
        if (!StatsBuckets.startOf(start).equals(start)) {
            throw new IllegalArgumentException(start + " is not the start of a 15-minute bucket");
        }
    }

    /** The bucket a call counts in: its campaign, the bucket of its {@code startTime}. */
    public static StatsBucketKey of(Cdr cdr) {
        return new StatsBucketKey(cdr.campaignId(), StatsBuckets.startOf(cdr.startTime()));
    }

    @Override
    public int compareTo(StatsBucketKey other) {
        int byCampaign = campaignId.compareTo(other.campaignId);
        return byCampaign != 0 ? byCampaign : start.compareTo(other.start);
    }
}
