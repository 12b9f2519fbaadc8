package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.stats.StatsTotals;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The bucket port held in maps, with the MongoDB adapter's semantics: per bucket, entries and
 * their totals changed together by one guarded update; published totals copied from them by
 * {@link #settle}, never replaced by an older copy. {@code crash} decides, per store operation
 * (numbered from 1), whether the process dies just before it: the operations before it are done,
 * the rest of the batch is not (a write dies part-way through its changes, as a bulk write can).
 * {@link #interleave} runs a rival writer (another Lambda) just before one operation, on the same
 * stores, to put it between this writer's read and its guarded write.
 */
final class MemoryStatsBuckets implements StatsBucketStore {

    static final class Bucket {
        final Map<String, HeldContribution> entries = new TreeMap<>();
        StatsTotals totals = StatsTotals.empty();
        long revision;
    }

    record Published(StatsTotals totals, long revision) {
    }

    final Map<StatsBucketKey, Bucket> buckets = new TreeMap<>();
    final Map<StatsBucketKey, Published> published = new TreeMap<>();
    private IntPredicate crash = operation -> false;
    private int operations;
    private Runnable rival;
    private int rivalAt;

    synchronized void crashWhen(IntPredicate crash) {
        this.crash = crash;
        this.operations = 0;
    }

    /** Runs {@code rival} once, just before operation {@code at} of the next batch (no crash inside it). */
    synchronized void interleave(int at, Runnable rival) {
        this.rivalAt = at;
        this.rival = rival;
    }

    private void step() {
        if (rival != null && operations + 1 == rivalAt) {
            Runnable running = rival;
            rival = null;
            IntPredicate savedCrash = crash;
            int savedOperations = operations;
            crash = operation -> false;
            try {
                running.run();
            } finally {
                crash = savedCrash;
                operations = savedOperations;
            }
        }
        if (crash.test(++operations)) {
            throw new IllegalStateException("crash injected before bucket store operation " + operations);
        }
    }

    @Override
    public synchronized Map<StatsBucketKey, Map<String, HeldContribution>> read(Map<StatsBucketKey, Set<String>> calls) {
        step();
        Map<StatsBucketKey, Map<String, HeldContribution>> held = new HashMap<>();
        calls.forEach((key, callIds) -> {
            Bucket bucket = buckets.get(key);
            Map<String, HeldContribution> found = new HashMap<>();
            if (bucket != null) {
                for (String callId : callIds) {
                    HeldContribution entry = bucket.entries.get(callId);
                    if (entry != null) {
                        found.put(callId, entry);
                    }
                }
            }
            held.put(key, found);
        });
        return held;
    }

    @Override
    public synchronized Set<StatsBucketKey> write(List<BucketChange> changes) {
        Set<StatsBucketKey> notApplied = new LinkedHashSet<>();
        for (BucketChange change : changes) {
            step();
            Bucket existing = buckets.get(change.bucket());
            boolean guardsHold = change.entries().stream().allMatch(entry -> {
                HeldContribution now = existing == null ? null : existing.entries.get(entry.callId());
                return entry.expectedVersion() == null ? now == null
                        : now != null && now.version() == entry.expectedVersion();
            });
            if (!guardsHold) {
                notApplied.add(change.bucket());
                continue;
            }
            Bucket bucket = existing;
            if (bucket == null) {
                bucket = new Bucket();
                buckets.put(change.bucket(), bucket);
            }
            for (EntryChange entry : change.entries()) {
                bucket.entries.put(entry.callId(), entry.next());
            }
            bucket.totals = bucket.totals.plus(change.delta());
            bucket.revision++;
        }
        return notApplied;
    }

    @Override
    public synchronized void settle(Set<StatsBucketKey> keys) {
        for (StatsBucketKey key : keys) {
            step();
            Bucket bucket = buckets.get(key);
            if (bucket == null) {
                continue;
            }
            Published now = published.get(key);
            if (now == null || now.revision() < bucket.revision) {
                published.put(key, new Published(bucket.totals, bucket.revision));
            }
        }
    }
}
