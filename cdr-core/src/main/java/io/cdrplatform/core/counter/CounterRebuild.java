package io.cdrplatform.core.counter;

import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.counter.CounterOverwrite.AppliedState;
import io.cdrplatform.core.counter.CounterOverwrite.CampaignCounts;
import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.core.ingest.CallRecordScan;
import io.cdrplatform.core.ingest.CallRecordScan.ScannedCall;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;

/**
 * Recomputes the contract's live counters, and the per-call applied states, from the stored call
 * records, exact even while live batches go on (see {@link CounterOverwrite} for why): the campaigns'
 * counters are reset, then every stored call's {@link CounterContribution} (the same rule the logger
 * applies) is applied at its stored version through {@link CounterOverwrite#applyCallStates}, a chunk
 * at a time. A rebuild of every campaign also marks the counters "being rebuilt" first and "whole"
 * at the end, unless something marked them lost meanwhile ({@link Summary#whole()} false: run it
 * again). Reads through {@link CallRecordScan} and writes through {@link CounterOverwrite}.
 */
public final class CounterRebuild {

    /** Per-call states are applied this many at a time. */
    public static final int CHUNK = 1000;
    static final long PROGRESS_EVERY = 10_000;
    /**
     * How long the applied state of a call last written longer ago than the call-state TTL is kept: the
     * logger would hold none for it, but one written by the rebuild keeps a redelivery racing it exact.
     */
    public static final Duration SETTLED_CALL_STATE_TTL = Duration.ofMinutes(10);

    private final CallRecordScan records;
    private final CounterOverwrite counters;
    private final CdrFold fold;
    private final Clock clock;
    private final Duration callStateTtl;
    private final PrintStream progress;

    public CounterRebuild(CallRecordScan records, CounterOverwrite counters, CdrFold fold, Clock clock,
                          Duration callStateTtl, PrintStream progress) {
        this.records = Objects.requireNonNull(records, "records");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.fold = Objects.requireNonNull(fold, "fold");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callStateTtl = Objects.requireNonNull(callStateTtl, "callStateTtl");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * What a rebuild did; {@code whole}: the counters are marked whole (always false for one
     * campaign's rebuild, which leaves the marker as it was).
     */
    public record Summary(long calls, long unreadable, int campaigns, long callStatesWritten, boolean whole) {
    }

    /** Rebuilds the counters of {@code campaignId}, or of every campaign in the store when it is null. */
    public Summary run(String campaignId) {
        long expected = records.approximateCount(campaignId);
        progress.printf("rebuild-counters: %s, about %d call records%n",
                campaignId == null ? "all campaigns" : "campaign " + campaignId, expected);

        String rebuildId = campaignId == null ? counters.beginRebuild() : null;
        Set<String> campaigns = campaignId == null ? new TreeSet<>(records.campaignIds()) : Set.of(campaignId);
        for (String campaign : campaigns) {
            counters.resetCampaign(campaign);
        }
        progress.printf("rebuild-counters: %d campaigns reset; applying the calls%n", campaigns.size());
        Pass pass = new Pass(clock.instant(), expected, rebuildId);
        records.forEach(campaignId, pass::add);
        pass.flushStates();
        progress.printf("rebuild-counters: %d call records read, %d campaigns; raising last activity%n",
                pass.calls, pass.totals.size());
        for (Map.Entry<String, CampaignTotals> entry : pass.totals.entrySet()) {
            if (entry.getValue().lastActivity != null) {
                counters.raiseLastActivity(entry.getKey(), entry.getValue().lastActivity);
            }
        }
        boolean whole = rebuildId != null && counters.finishRebuild(rebuildId);
        progress.printf("rebuild-counters: done: %d calls, %d campaigns, %d per-call states, %d unreadable records%s%n",
                pass.calls, pass.totals.size(), pass.statesWritten, pass.unreadable,
                rebuildId == null ? "" : whole ? "; counters marked whole"
                        : "; the counters were marked lost again while it ran (Redis flushed or replaced, or "
                        + "updates lost): run it again");
        return new Summary(pass.calls, pass.unreadable, pass.totals.size(), pass.statesWritten, whole);
    }

    /** One campaign's drift: the counters as read, as its calls say, and the sum of the differences. */
    public record CampaignDrift(String campaignId, CampaignCounts read, CampaignCounts expected, long difference) {
    }

    /** What a drift check found: the campaigns checked and their summed difference (0: exact). */
    public record Drift(List<CampaignDrift> campaigns, long difference) {
        public Drift {
            campaigns = List.copyOf(campaigns);
        }

        /** The campaigns that differ. */
        public List<CampaignDrift> drifting() {
            return campaigns.stream().filter(campaign -> campaign.difference() > 0).toList();
        }
    }

    /**
     * The drift check: for each given campaign, its counters as read compared with what its stored
     * calls say (every counter and action counter; last activity is not compared), changing nothing.
     * Under live traffic the calls of batches in flight may show as a small difference.
     */
    public Drift verify(List<String> campaignIds) {
        List<CampaignDrift> drifts = new ArrayList<>();
        long total = 0;
        for (String campaignId : campaignIds) {
            CampaignTotals totals = new CampaignTotals();
            records.forEach(campaignId, scanned -> {
                if (scanned.unreadable() == null) {
                    CounterContribution contribution = CounterContribution.of(fold.toCdr(scanned.call().state()));
                    if (contribution.campaignId().equals(campaignId)) {
                        totals.add(contribution);
                    }
                }
            });
            CampaignCounts expected = totals.counts(campaignId);
            CampaignCounts read = counters.readCampaign(campaignId);
            long difference = 0;
            for (Counter counter : Counter.values()) {
                difference += Math.abs(expected.counters().get(counter) - read.counters().get(counter));
            }
            Set<String> types = new TreeSet<>(expected.actions().keySet());
            types.addAll(read.actions().keySet());
            for (String type : types) {
                difference += Math.abs(expected.actions().getOrDefault(type, 0L) - read.actions().getOrDefault(type, 0L));
            }
            drifts.add(new CampaignDrift(campaignId, read, expected, difference));
            total += difference;
        }
        return new Drift(drifts, total);
    }

    /** A random sample of at most {@code size} of the stored campaigns, for a drift check. */
    public List<String> sampleCampaigns(int size, java.util.Random random) {
        List<String> all = new ArrayList<>(records.campaignIds());
        java.util.Collections.shuffle(all, random);
        return List.copyOf(all.subList(0, Math.min(size, all.size())));
    }

    /** One pass over the records: the totals so far and the per-call states not yet applied. */
    private final class Pass {
        private final Instant now;
        private final long expected;
        private final String rebuildId;
        private final Map<String, CampaignTotals> totals = new TreeMap<>();
        private final List<AppliedState> states = new ArrayList<>(CHUNK);
        private long calls;
        private long unreadable;
        private long statesWritten;

        Pass(Instant now, long expected, String rebuildId) {
            this.now = now;
            this.expected = expected;
            this.rebuildId = rebuildId;
        }

        void add(ScannedCall scanned) {
            if (scanned.unreadable() != null) {
                unreadable++;
                progress.printf("rebuild-counters: skipping call %s: %s%n", scanned.callId(), scanned.unreadable());
                return;
            }
            CounterContribution contribution = CounterContribution.of(fold.toCdr(scanned.call().state(), scanned.call().rating()));
            totals.computeIfAbsent(contribution.campaignId(), id -> new CampaignTotals()).add(contribution);
            calls++;
            // Kept for what is left of the logger's TTL; a call whose state has run out gets a short one.
            Instant lastWrite = scanned.lastWrite() == null ? now : scanned.lastWrite();
            long ttlSeconds = Math.max(Duration.between(now, lastWrite.plus(callStateTtl)).toSeconds(),
                    SETTLED_CALL_STATE_TTL.toSeconds());
            states.add(new AppliedState(
                    new AppliedContribution(scanned.callId(), scanned.call().version(), contribution), ttlSeconds));
            if (states.size() == CHUNK) {
                flushStates();
            }
            if (calls % PROGRESS_EVERY == 0) {
                progress.printf("rebuild-counters: %d/%d call records read, %d campaigns%n", calls, expected,
                        totals.size());
            }
        }

        void flushStates() {
            if (!states.isEmpty()) {
                counters.applyCallStates(List.copyOf(states));
                statesWritten += states.size();
                states.clear();
                if (rebuildId != null) {
                    counters.keepRebuilding(rebuildId);
                }
            }
        }
    }

    private static final class CampaignTotals {
        private final EnumMap<Counter, Long> counters = new EnumMap<>(Counter.class);
        private final Map<String, Long> actions = new TreeMap<>();
        private Instant lastActivity;

        void add(CounterContribution contribution) {
            contribution.counters().forEach(counter -> counters.merge(counter, 1L, Long::sum));
            contribution.actionTypes().forEach(type -> actions.merge(type, 1L, Long::sum));
            if (lastActivity == null || contribution.lastActivity().isAfter(lastActivity)) {
                lastActivity = contribution.lastActivity();
            }
        }

        CampaignCounts counts(String campaignId) {
            return new CampaignCounts(campaignId, counters, actions, lastActivity);
        }
    }
}
