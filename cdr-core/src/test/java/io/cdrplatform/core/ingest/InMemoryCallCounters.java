package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterContribution;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link CallCounters} in memory, keeping the promise of the Redis adapter's counter script: per
 * call it remembers the contribution applied last and its record version; a contribution of the same
 * or an older version changes nothing, a newer one takes the old one's counts away (never below 0)
 * and adds its own; {@code last_activity} is raised, never lowered. The values are named
 * {@code <campaignId> <COUNTER>}, {@code <campaignId> action <type>} and {@code <campaignId> LAST_ACTIVITY}
 * (names of this test's own: the Redis key names belong to the adapter). A test can make it crash
 * part-way through a batch. Thread-safe.
 */
final class InMemoryCallCounters implements CallCounters {

    private final Map<String, AppliedContribution> appliedByCall = new HashMap<>();
    private final Map<String, Long> values = new TreeMap<>();
    private int crashAfter = -1;
    private RuntimeException unavailable;

    @Override
    public synchronized void apply(List<AppliedContribution> contributions) {
        if (unavailable != null) {
            throw unavailable;
        }
        for (int i = 0; i < contributions.size(); i++) {
            if (i == crashAfter) {
                crashAfter = -1;
                throw new ProcessCrash("after " + i + " of " + contributions.size() + " calls' counter updates");
            }
            AppliedContribution next = contributions.get(i);
            AppliedContribution previous = appliedByCall.get(next.callId());
            if (previous != null && previous.version() >= next.version()) {
                continue;
            }
            if (previous != null) {
                add(previous.contribution(), -1);
            }
            add(next.contribution(), +1);
            appliedByCall.put(next.callId(), next);
        }
    }

    private void add(CounterContribution contribution, int sign) {
        String campaign = contribution.campaignId();
        for (Counter counter : contribution.counters()) {
            values.merge(counter(campaign, counter), (long) sign, InMemoryCallCounters::floorAtZero);
        }
        for (String type : contribution.actionTypes()) {
            values.merge(action(campaign, type), (long) sign, InMemoryCallCounters::floorAtZero);
        }
        if (contribution.lastActivity() != null) {
            values.merge(lastActivity(campaign), contribution.lastActivity().toEpochMilli(), Math::max);
        }
    }

    static String counter(String campaignId, Counter counter) {
        return campaignId + " " + counter.name();
    }

    static String action(String campaignId, String actionType) {
        return campaignId + " action " + actionType;
    }

    static String lastActivity(String campaignId) {
        return campaignId + " LAST_ACTIVITY";
    }

    private static Long floorAtZero(Long value, Long change) {
        return Math.max(0, value + change);
    }

    /** The next apply updates {@code count} calls' counters, then the process dies; -1 takes that back. */
    synchronized void crashAfter(int count) {
        this.crashAfter = count;
    }

    /** Every later apply throws {@code failure} (null: reachable again). */
    synchronized void unavailable(RuntimeException failure) {
        this.unavailable = failure;
    }

    /** Every key with a value other than 0, by contract key name. */
    synchronized Map<String, Long> values() {
        Map<String, Long> nonZero = new TreeMap<>();
        values.forEach((key, value) -> {
            if (value != 0) {
                nonZero.put(key, value);
            }
        });
        return nonZero;
    }

    /** Only the counts: {@link #values()} without the {@code last_activity} keys. */
    synchronized Map<String, Long> counts() {
        Map<String, Long> counts = values();
        counts.keySet().removeIf(key -> key.endsWith(" LAST_ACTIVITY"));
        return counts;
    }

    /**
     * The counts a rebuild from these CDRs gives, summed here on its own (every call adds one to each
     * counter and action type of its contribution): what the contract says the counters are,
     * whatever order and duplication the events came in.
     */
    static Map<String, Long> countsOf(Collection<Cdr> cdrs) {
        Map<String, Long> counts = new TreeMap<>();
        for (Cdr cdr : cdrs) {
            CounterContribution contribution = CounterContribution.of(cdr);
            for (Counter counter : contribution.counters()) {
                counts.merge(counter(cdr.campaignId(), counter), 1L, Long::sum);
            }
            for (String type : contribution.actionTypes()) {
                counts.merge(action(cdr.campaignId(), type), 1L, Long::sum);
            }
        }
        return counts;
    }
}
