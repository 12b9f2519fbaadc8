package io.cdrplatform.core.counter;

import io.cdrplatform.core.ingest.AppliedContribution;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The live campaign counters as {@code rebuild-counters} writes them (Redis in production). Where
 * {@link io.cdrplatform.core.ingest.CallCounters} moves counters by the difference a call makes, this
 * sets them: a campaign's counters become exactly the given counts, and a call's applied state
 * becomes exactly the given contribution, whatever was there before. Throws an unchecked exception
 * when the counters cannot be written.
 */
public interface CounterOverwrite {

    /**
     * Sets each call's applied state (what {@code CallCounters} compares the next contribution with)
     * to the given contribution and version, expiring after {@code ttlSeconds}.
     */
    void putCallStates(List<AppliedState> states);

    /**
     * Sets the campaign's counters to {@code counts}: each {@link Counter}, and exactly the action
     * types listed (the campaign's other action counters are removed, and its index of action types
     * lists exactly these and is marked complete); raises its last activity to
     * {@code counts.lastActivity()} unless it is already later (never lowers it).
     */
    void replaceCampaign(CampaignCounts counts);

    /** A call's applied state to put, and how long it is kept. */
    record AppliedState(AppliedContribution applied, long ttlSeconds) {
        public AppliedState {
            Objects.requireNonNull(applied, "applied");
            if (ttlSeconds < 1) {
                throw new IllegalArgumentException("a call state is kept at least a second, got " + ttlSeconds);
            }
        }
    }

    /**
     * A campaign's counts: every {@link Counter} (0 when not counted), the calls per action type (only
     * types counted at least once), and the newest activity (null: none known).
     */
    record CampaignCounts(String campaignId, Map<Counter, Long> counters, Map<String, Long> actions,
                          Instant lastActivity) {
        public CampaignCounts {
            Objects.requireNonNull(campaignId, "campaignId");
            EnumMap<Counter, Long> all = new EnumMap<>(Counter.class);
            for (Counter counter : Counter.values()) {
                all.put(counter, counters.getOrDefault(counter, 0L));
            }
            counters = Collections.unmodifiableMap(all);
            actions = Collections.unmodifiableMap(new TreeMap<>(actions));
        }
    }
}
