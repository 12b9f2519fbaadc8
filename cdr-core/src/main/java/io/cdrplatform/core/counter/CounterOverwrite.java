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
 * The live campaign counters as {@code rebuild-counters} writes them (Redis in production), built so
 * that a rebuild stays exact while live batches go on. The store keeps one invariant: each counter of
 * a campaign equals the number of valid applied states (a call's last applied contribution, see
 * {@link io.cdrplatform.core.ingest.CallCounters}) that count in it. Every write keeps it, atomically:
 * the logger's per-call update, {@link #applyCallStates} (the same update) and {@link #resetCampaign}
 * (all counters 0, every applied state of the campaign no longer valid). A rebuild resets the campaigns,
 * then applies every stored call at its stored version; a live batch meanwhile applies newer versions,
 * and since each update is version-guarded (an older or equal version does nothing) the two commute:
 * the end state is every call at its newest version, whichever ran first. Throws an unchecked
 * exception when the counters cannot be written.
 */
public interface CounterOverwrite {

    /**
     * Starts a rebuild of every campaign: from now until {@link #finishRebuild} the counters' marker
     * says "being rebuilt" (readers show the counters as possibly short). Answers the rebuild's id.
     */
    String beginRebuild();

    /**
     * Atomically: the campaign's counters become 0, its action counters go, its index of action types
     * is empty and complete, and every applied state counted in the campaign counts no longer.
     */
    void resetCampaign(String campaignId);

    /**
     * Applies each call's contribution at its version exactly as the logger does: nothing when the
     * call's valid applied state has the same or a newer version, else the counters move by the
     * difference and the applied state becomes this one, kept {@code ttlSeconds}.
     */
    void applyCallStates(List<AppliedState> states);

    /** Raises the campaign's last activity to {@code lastActivity} unless it is already later (never lowers it). */
    void raiseLastActivity(String campaignId, Instant lastActivity);

    /** The extension of the "being rebuilt" mark, called now and then while a rebuild runs (it expires otherwise). */
    void keepRebuilding(String rebuildId);

    /**
     * Ends the rebuild {@code rebuildId}: when nothing marked the counters lost (a flush, lost updates)
     * or began another rebuild meanwhile, the marker says "whole" and this answers true; else false
     * (the counters must be rebuilt again).
     */
    boolean finishRebuild(String rebuildId);

    /**
     * The campaign's counters as they are now (for the drift check of {@link CounterRebuild#verify}):
     * every {@link Counter}, its action counters above 0, its last activity (null: none).
     */
    CampaignCounts readCampaign(String campaignId);

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
