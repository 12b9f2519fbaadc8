package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.stats.StatsTotals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps the 15-minute stats buckets exact: makes every bucket hold, for each call, the
 * contribution of the call's current record version (in the bucket of its {@code startTime}) and
 * nothing elsewhere.
 *
 * <p>Per call of a batch: read what its buckets hold for it; for each bucket that holds an older
 * version (or nothing), replace that entry by the current version's, adding the difference to the
 * bucket's totals, guarded by the version read (a newer version held is left alone). All changes of
 * one bucket go out as one atomic update; a guard that no longer holds (a concurrent writer of the
 * same call) sends that bucket's calls round again, re-read. Then the touched buckets publish their
 * totals ({@link StatsBucketStore#settle}).
 *
 * <p>Why this is exact: an entry only ever moves to a higher version of its call, and the totals
 * always equal the sum of the entries (both change in one atomic update), so whatever the order of
 * deliveries and writers, a bucket ends up holding each call's newest version once. A crash after
 * the record write and before the bucket write leaves the buckets at an older version, which the
 * next delivery of any event of that call repairs (the record is unchanged, the upkeep runs for it
 * again). A call whose {@code startTime} moved leaves, in its earlier buckets, an empty entry of
 * the new version, which keeps a slower writer of an older version from counting it there again.
 */
public final class StatsBucketUpkeep implements CallStatsBuckets {

    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private final StatsBucketStore store;
    private final int maxAttempts;

    public StatsBucketUpkeep(StatsBucketStore store, int maxAttempts) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
    }

    public StatsBucketUpkeep(StatsBucketStore store) {
        this(store, DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * Brings the buckets of these calls up to their versions; answers the calls still conflicting
     * after the last attempt (their events must be delivered again). Throws when the store fails.
     */
    @Override
    public Set<String> keep(Collection<CallStatsTarget> targets) {
        Map<String, CallStatsTarget> pending = new LinkedHashMap<>();
        Set<StatsBucketKey> touched = new TreeSet<>();
        for (CallStatsTarget target : targets) {
            pending.merge(target.callId(), target, (a, b) -> a.version() >= b.version() ? a : b);
            touched.addAll(target.buckets());
        }
        for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
            List<BucketChange> changes = plan(pending.values(), store.read(wanted(pending.values())));
            if (changes.isEmpty()) {
                pending.clear();
                break;
            }
            Set<StatsBucketKey> notApplied = store.write(changes);
            pending.values().removeIf(target -> target.buckets().stream().noneMatch(notApplied::contains));
        }
        store.settle(touched);
        return Set.copyOf(pending.keySet());
    }

    private static Map<StatsBucketKey, Set<String>> wanted(Collection<CallStatsTarget> targets) {
        Map<StatsBucketKey, Set<String>> wanted = new TreeMap<>();
        for (CallStatsTarget target : targets) {
            for (StatsBucketKey bucket : target.buckets()) {
                wanted.computeIfAbsent(bucket, key -> new TreeSet<>()).add(target.callId());
            }
        }
        return wanted;
    }

    /** The guarded changes that make the buckets hold these targets, given what they hold now. */
    static List<BucketChange> plan(Collection<CallStatsTarget> targets,
                                   Map<StatsBucketKey, Map<String, HeldContribution>> held) {
        Map<StatsBucketKey, List<EntryChange>> entries = new TreeMap<>();
        Map<StatsBucketKey, StatsTotals> deltas = new TreeMap<>();
        for (CallStatsTarget target : targets) {
            for (StatsBucketKey bucket : target.buckets()) {
                HeldContribution now = held.getOrDefault(bucket, Map.of()).get(target.callId());
                if (now != null && now.version() >= target.version()) {
                    continue;
                }
                HeldContribution next = target.entryFor(bucket);
                entries.computeIfAbsent(bucket, key -> new ArrayList<>())
                        .add(new EntryChange(target.callId(), now == null ? null : now.version(), next));
                deltas.merge(bucket, HeldContribution.totalsOf(next).minus(HeldContribution.totalsOf(now)),
                        StatsTotals::plus);
            }
        }
        List<BucketChange> changes = new ArrayList<>(entries.size());
        entries.forEach((bucket, list) -> changes.add(new BucketChange(bucket, list, deltas.get(bucket))));
        return changes;
    }
}
