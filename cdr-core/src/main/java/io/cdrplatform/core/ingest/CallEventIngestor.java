package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.counter.CounterContribution;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventParseResult;
import io.cdrplatform.core.event.EventParser;
import io.cdrplatform.core.event.RejectionReason;
import io.cdrplatform.core.stats.bucket.CallStatsBuckets;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.bucket.CallStatsTarget;
import io.cdrplatform.core.stats.bucket.HeldContribution;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cdr-logger's application service: one batch of delivered messages becomes stored call
 * records and updated counters.
 *
 * <p>Per batch: validate every message; read the batch's calls once; fold each call's new events
 * into its stored state; write every changed call in one guarded bulk write; on a version conflict
 * (a concurrent writer), read those calls again and retry. Then apply, for every call now stored,
 * its counter contribution at its record version, and make the stats buckets hold its stats
 * contribution at that version ({@link CallStatsBuckets}). Because the fold is a join and the
 * counters and buckets take the newest version's contribution, redelivery and any order converge
 * on the same result, and a redelivery after a crash between the store and the counters or buckets
 * repairs them. A call whose buckets could not be updated has its messages reported failed, so
 * that they come back (the buckets are the reports' source of truth; the counters are a cache).
 *
 * <p>Thread-safe when its store and counters are.
 */
public final class CallEventIngestor {

    public static final int DEFAULT_MAX_WRITE_ATTEMPTS = 8;

    private final EventParser parser;
    private final CdrFold fold;
    private final CallRecordStore store;
    private final CallCounters counters;
    private final CallStatsBuckets statsBuckets;
    private final int maxWriteAttempts;

    public CallEventIngestor(EventParser parser, CdrFold fold, CallRecordStore store, CallCounters counters,
                             CallStatsBuckets statsBuckets, int maxWriteAttempts) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.fold = Objects.requireNonNull(fold, "fold");
        this.store = Objects.requireNonNull(store, "store");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.statsBuckets = Objects.requireNonNull(statsBuckets, "statsBuckets");
        if (maxWriteAttempts < 1) {
            throw new IllegalArgumentException("maxWriteAttempts must be at least 1");
        }
        this.maxWriteAttempts = maxWriteAttempts;
    }

    /** Without stats buckets. */
    public CallEventIngestor(EventParser parser, CdrFold fold, CallRecordStore store, CallCounters counters,
                             int maxWriteAttempts) {
        this(parser, fold, store, counters, CallStatsBuckets.NONE, maxWriteAttempts);
    }

    /** Without stats buckets. */
    public CallEventIngestor(EventParser parser, CdrFold fold, CallRecordStore store, CallCounters counters) {
        this(parser, fold, store, counters, DEFAULT_MAX_WRITE_ATTEMPTS);
    }

    public CdrFold fold() {
        return fold;
    }

    /**
     * A bug in the parser must cost the one message that hit it, not the batch: a batch that throws
     * comes back for ever and holds up every valid event delivered with it.
     */
    private EventParseResult parseIsolated(InboundMessage message) {
        try {
            return parser.parse(message.body());
        } catch (RuntimeException e) {
            return new EventParseResult.Rejected(null, RejectionReason.PARSER_FAILURE,
                    "the parser failed on this message: " + e);
        }
    }

    public IngestReport ingest(List<InboundMessage> messages) {
        List<SkippedEvent> skipped = new ArrayList<>();
        Map<String, List<CallEvent>> eventsByCall = new LinkedHashMap<>();
        Map<String, String> callOfMessage = new LinkedHashMap<>();
        for (InboundMessage message : messages) {
            EventParseResult result = parseIsolated(message);
            if (result instanceof EventParseResult.Accepted accepted) {
                CallEvent event = accepted.event();
                eventsByCall.computeIfAbsent(event.callId(), id -> new ArrayList<>()).add(event);
                callOfMessage.put(message.messageId(), event.callId());
            } else if (result instanceof EventParseResult.Rejected rejected) {
                skipped.add(new SkippedEvent(message.messageId(), rejected.callId(), rejected.reason(),
                        rejected.detail()));
            }
        }

        StoreOutcome outcome = store(eventsByCall);

        RuntimeException countersFailure = null;
        RuntimeException statsFailure = null;
        if (!outcome.stored.isEmpty()) {
            List<AppliedContribution> contributions = new ArrayList<>(outcome.stored.size());
            List<CallStatsTarget> targets = new ArrayList<>(outcome.stored.size());
            outcome.stored.forEach((callId, stored) -> {
                Cdr written = outcome.writtenCdrs.get(callId);
                Cdr cdr = written != null ? written : fold.toCdr(stored.state(), stored.rating());
                contributions.add(new AppliedContribution(callId, stored.version(), CounterContribution.of(cdr)));
                targets.add(CallStatsTarget.of(callId, stored.version(), cdr, stored.statsBuckets(),
                        outcome.likelyHeld.get(callId)));
            });
            try {
                counters.apply(contributions);
            } catch (RuntimeException e) {
                countersFailure = e;
            }
            try {
                for (String callId : statsBuckets.keep(targets)) {
                    outcome.stored.remove(callId);
                    outcome.failed.put(callId, "its stats buckets still conflicted after several attempts");
                }
            } catch (RuntimeException e) {
                statsFailure = e;
                for (String callId : outcome.stored.keySet()) {
                    outcome.failed.put(callId, "stats buckets unavailable: " + e.getMessage());
                }
                outcome.stored.clear();
            }
        }

        List<String> failedMessageIds = new ArrayList<>();
        int eventsStored = 0;
        for (Map.Entry<String, String> entry : callOfMessage.entrySet()) {
            if (outcome.stored.containsKey(entry.getValue())) {
                eventsStored++;
            } else {
                failedMessageIds.add(entry.getKey());
            }
        }
        return new IngestReport(messages.size(), eventsStored, skipped, outcome.written, failedMessageIds,
                outcome.failed, outcome.failure, countersFailure, statsFailure);
    }

    /** Folds and writes the batch's calls, retrying conflicts; never throws for a store failure. */
    private StoreOutcome store(Map<String, List<CallEvent>> eventsByCall) {
        StoreOutcome outcome = new StoreOutcome();
        Set<String> pending = new LinkedHashSet<>(eventsByCall.keySet());
        try {
            for (int attempt = 1; attempt <= maxWriteAttempts && !pending.isEmpty(); attempt++) {
                LoadedCalls loaded = store.load(pending);
                List<CallWrite> writes = new ArrayList<>();
                Map<String, CallStatsTarget.Held> likelyHeld = new HashMap<>();
                for (String callId : pending) {
                    String unreadable = loaded.unreadable().get(callId);
                    if (unreadable != null) {
                        outcome.failed.put(callId, unreadable);
                        continue;
                    }
                    StoredCall current = loaded.calls().get(callId);
                    CallState merged = fold.applyAll(current == null ? null : current.state(),
                            eventsByCall.get(callId));
                    if (current != null && merged.equals(current.state())) {
                        // Everything these events say is stored already (a redelivery): no write.
                        outcome.stored.put(callId, current);
                    } else {
                        Cdr cdr = fold.toCdr(merged);
                        Cdr previous = current == null ? null : fold.toCdr(current.state(), current.rating());
                        writes.add(new CallWrite(merged, cdr, current == null ? 0 : current.version(),
                                statsBucketsAfter(current, previous, cdr)));
                        likelyHeld.put(callId, current == null ? CallStatsTarget.Held.NOTHING
                                : new CallStatsTarget.Held(StatsBucketKey.of(previous),
                                        new HeldContribution(current.version(), StatsContribution.of(previous))));
                    }
                }
                Set<String> conflicts = new LinkedHashSet<>();
                if (!writes.isEmpty()) {
                    Map<String, WriteStatus> statuses = store.write(writes);
                    for (CallWrite write : writes) {
                        WriteStatus status = statuses.getOrDefault(write.callId(), WriteStatus.FAILED);
                        switch (status) {
                            case WRITTEN -> {
                                outcome.stored.put(write.callId(),
                                        new StoredCall(write.state(), write.newVersion(), write.statsBuckets(),
                                                write.cdr().rating()));
                                outcome.writtenCdrs.put(write.callId(), write.cdr());
                                outcome.likelyHeld.put(write.callId(), likelyHeld.get(write.callId()));
                                outcome.written++;
                            }
                            case CONFLICT -> conflicts.add(write.callId());
                            case FAILED -> outcome.failed.put(write.callId(), "the store refused the write");
                        }
                    }
                }
                pending = conflicts;
            }
            for (String callId : pending) {
                outcome.failed.put(callId, "still conflicting after " + maxWriteAttempts + " attempts");
            }
        } catch (RuntimeException e) {
            outcome.failure = e;
            for (String callId : eventsByCall.keySet()) {
                if (!outcome.stored.containsKey(callId)) {
                    outcome.failed.putIfAbsent(callId, "store unavailable: " + e.getMessage());
                }
            }
        }
        return outcome;
    }

    /**
     * Every bucket the call may count in once {@code cdr} is written: those remembered, the stored
     * version's own ({@code previous}: a record written before the buckets existed remembers none),
     * and the new one.
     */
    private static Set<StatsBucketKey> statsBucketsAfter(StoredCall current, Cdr previous, Cdr cdr) {
        Set<StatsBucketKey> buckets = new TreeSet<>();
        if (current != null) {
            buckets.addAll(current.statsBuckets());
            buckets.add(StatsBucketKey.of(previous));
        }
        buckets.add(StatsBucketKey.of(cdr));
        return buckets;
    }

    private static final class StoreOutcome {
        private final Map<String, StoredCall> stored = new LinkedHashMap<>();
        /** The CDR view of each call this batch wrote, as written (the counters need it again). */
        private final Map<String, Cdr> writtenCdrs = new HashMap<>();
        /** For each call this batch wrote, what its buckets most likely hold: the version it replaced. */
        private final Map<String, CallStatsTarget.Held> likelyHeld = new HashMap<>();
        private final Map<String, String> failed = new HashMap<>();
        private int written;
        private RuntimeException failure;
    }
}
