package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.stats.StatsContribution;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stored call as the buckets must hold it: at record version {@code version} it counts
 * {@code contribution} in {@code bucket}, and nothing in any other of {@code buckets} (every bucket
 * it may ever have counted in, {@code bucket} included).
 */
public record CallStatsTarget(String callId, long version, StatsBucketKey bucket, StatsContribution contribution,
                              Set<StatsBucketKey> buckets) {

    public CallStatsTarget {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(contribution, "contribution");
        TreeSet<StatsBucketKey> all = new TreeSet<>(buckets);
        all.add(bucket);
        buckets = Set.copyOf(all);
    }

    /** The call at {@code version} with CDR view {@code cdr}; {@code earlierBuckets}: where earlier versions counted. */
    public static CallStatsTarget of(String callId, long version, Cdr cdr, Set<StatsBucketKey> earlierBuckets) {
        return new CallStatsTarget(callId, version, StatsBucketKey.of(cdr), StatsContribution.of(cdr), earlierBuckets);
    }

    /** The entry bucket {@code key} must hold for this call. */
    HeldContribution entryFor(StatsBucketKey key) {
        return new HeldContribution(version, key.equals(bucket) ? contribution : null);
    }
}
