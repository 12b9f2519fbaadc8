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
 *
 * <p>{@code likelyHeld}, when known, is what the buckets most likely hold for the call now: the
 * record version this batch replaced, counted in its bucket, as the previous batch left it (or, for a
 * call new in this batch, nothing anywhere). The upkeep then writes without reading first, guarded
 * by exactly that; if the guess is wrong (a crash, a concurrent writer), the guard fails and the
 * call goes the safe way, read first.
 */
public record CallStatsTarget(String callId, long version, StatsBucketKey bucket, StatsContribution contribution,
                              Set<StatsBucketKey> buckets, Held likelyHeld) {

    /** The entry {@code held} in {@code bucket}, and no entry in any other bucket; both null: no entry at all. */
    public record Held(StatsBucketKey bucket, HeldContribution held) {
        public static final Held NOTHING = new Held(null, null);

        public Held {
            if ((bucket == null) != (held == null)) {
                throw new IllegalArgumentException("a held entry and its bucket go together");
            }
        }
    }

    public CallStatsTarget {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(contribution, "contribution");
        TreeSet<StatsBucketKey> all = new TreeSet<>(buckets);
        all.add(bucket);
        buckets = Set.copyOf(all);
        if (likelyHeld != null && !coversAll(likelyHeld, bucket, buckets)) {
            likelyHeld = null; // the call may hold entries elsewhere too: read first
        }
    }

    private static boolean coversAll(Held held, StatsBucketKey bucket, Set<StatsBucketKey> buckets) {
        for (StatsBucketKey key : buckets) {
            if (!key.equals(bucket) && !key.equals(held.bucket())) {
                return false;
            }
        }
        return true;
    }

    public CallStatsTarget(String callId, long version, StatsBucketKey bucket, StatsContribution contribution,
                           Set<StatsBucketKey> buckets) {
        this(callId, version, bucket, contribution, buckets, null);
    }

    /** The call at {@code version} with CDR view {@code cdr}; {@code earlierBuckets}: where earlier versions counted. */
    public static CallStatsTarget of(String callId, long version, Cdr cdr, Set<StatsBucketKey> earlierBuckets) {
        return new CallStatsTarget(callId, version, StatsBucketKey.of(cdr), StatsContribution.of(cdr), earlierBuckets);
    }

    /** As {@link #of}, with what the buckets most likely hold. */
    public static CallStatsTarget of(String callId, long version, Cdr cdr, Set<StatsBucketKey> earlierBuckets,
                                     Held likelyHeld) {
        return new CallStatsTarget(callId, version, StatsBucketKey.of(cdr), StatsContribution.of(cdr), earlierBuckets,
                likelyHeld);
    }

    /** The entry bucket {@code key} must hold for this call. */
    HeldContribution entryFor(StatsBucketKey key) {
        return new HeldContribution(version, key.equals(bucket) ? contribution : null);
    }

    /** What {@code likelyHeld} says bucket {@code key} holds (null: no entry). */
    HeldContribution likelyHeldIn(StatsBucketKey key) {
        return key.equals(likelyHeld.bucket()) ? likelyHeld.held() : null;
    }
}
