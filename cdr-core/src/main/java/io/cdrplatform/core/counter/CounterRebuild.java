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
import java.util.TreeMap;

/**
 * Recomputes the contract's live counters, and the per-call applied states, from the stored call
 * records: every call's {@link CounterContribution} (the same rule the logger applies) summed per
 * campaign, then written over the campaign's counters ({@link CounterOverwrite#replaceCampaign}).
 * Meant for repair after a Redis outage or data loss; counters are exact when no batch for the
 * rebuilt campaigns is processed while it runs (pause the SQS trigger, or run it again once traffic
 * is quiet). Reads through {@link CallRecordScan} and writes through {@link CounterOverwrite}.
 */
public final class CounterRebuild {

    /** Per-call states are written this many at a time. */
    public static final int CHUNK = 1000;
    static final long PROGRESS_EVERY = 10_000;

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

    /** What a rebuild did. */
    public record Summary(long calls, long unreadable, int campaigns, long callStatesWritten) {
    }

    /** Rebuilds the counters of {@code campaignId}, or of every campaign in the store when it is null. */
    public Summary run(String campaignId) {
        long expected = records.approximateCount(campaignId);
        progress.printf("rebuild-counters: %s, about %d call records%n",
                campaignId == null ? "all campaigns" : "campaign " + campaignId, expected);

        Pass pass = new Pass(clock.instant(), expected);
        records.forEach(campaignId, pass::add);
        pass.flushStates();
        progress.printf("rebuild-counters: %d call records read, %d campaigns; writing counters%n",
                pass.calls, pass.totals.size());

        for (Map.Entry<String, CampaignTotals> entry : pass.totals.entrySet()) {
            counters.replaceCampaign(entry.getValue().counts(entry.getKey()));
        }
        progress.printf("rebuild-counters: done: %d calls, %d campaigns, %d per-call states, %d unreadable records%n",
                pass.calls, pass.totals.size(), pass.statesWritten, pass.unreadable);
        return new Summary(pass.calls, pass.unreadable, pass.totals.size(), pass.statesWritten);
    }

    /** One pass over the records: the totals so far and the per-call states not yet written. */
    private final class Pass {
        private final Instant now;
        private final long expected;
        private final Map<String, CampaignTotals> totals = new TreeMap<>();
        private final List<AppliedState> states = new ArrayList<>(CHUNK);
        private long calls;
        private long unreadable;
        private long statesWritten;

        Pass(Instant now, long expected) {
            this.now = now;
            this.expected = expected;
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
            // Calls whose state would have expired by now need none: the logger would not find one either.
            Instant lastWrite = scanned.lastWrite() == null ? now : scanned.lastWrite();
            long ttlSeconds = Duration.between(now, lastWrite.plus(callStateTtl)).toSeconds();
            if (ttlSeconds > 0) {
                states.add(new AppliedState(
                        new AppliedContribution(scanned.callId(), scanned.call().version(), contribution), ttlSeconds));
            }
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
                counters.putCallStates(List.copyOf(states));
                statesWritten += states.size();
                states.clear();
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
