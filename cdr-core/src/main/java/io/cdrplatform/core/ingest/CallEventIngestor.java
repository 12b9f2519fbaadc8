package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.counter.CounterContribution;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventParseResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The cdr-logger's application service: one batch of delivered messages becomes stored call
 * records and updated counters.
 *
 * <p>Per batch: validate every message; read the batch's calls once; fold each call's new events
 * into its stored state; write every changed call in one guarded bulk write; on a version conflict
 * (a concurrent writer), read those calls again and retry. Then apply, for every call now stored,
 * its counter contribution at its record version. Because the fold is a join and the counters take
 * the newest version's contribution, redelivery and any order converge on the same result, and a
 * redelivery after a crash between the store and the counters repairs the counters.
 *
 * <p>Thread-safe when its store and counters are.
 */
public final class CallEventIngestor {

    public static final int DEFAULT_MAX_WRITE_ATTEMPTS = 8;

    private final CallEventCodec codec;
    private final CdrFold fold;
    private final CallRecordStore store;
    private final CallCounters counters;
    private final int maxWriteAttempts;

    public CallEventIngestor(CallEventCodec codec, CdrFold fold, CallRecordStore store, CallCounters counters,
                             int maxWriteAttempts) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.fold = Objects.requireNonNull(fold, "fold");
        this.store = Objects.requireNonNull(store, "store");
        this.counters = Objects.requireNonNull(counters, "counters");
        if (maxWriteAttempts < 1) {
            throw new IllegalArgumentException("maxWriteAttempts must be at least 1");
        }
        this.maxWriteAttempts = maxWriteAttempts;
    }

    public CallEventIngestor(CallEventCodec codec, CdrFold fold, CallRecordStore store, CallCounters counters) {
        this(codec, fold, store, counters, DEFAULT_MAX_WRITE_ATTEMPTS);
    }

    public CdrFold fold() {
        return fold;
    }

    public IngestReport ingest(List<InboundMessage> messages) {
        List<SkippedEvent> skipped = new ArrayList<>();
        Map<String, List<CallEvent>> eventsByCall = new LinkedHashMap<>();
        Map<String, String> callOfMessage = new LinkedHashMap<>();
        for (InboundMessage message : messages) {
            EventParseResult result = codec.parse(message.body());
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
        if (!outcome.stored.isEmpty()) {
            List<AppliedContribution> contributions = new ArrayList<>(outcome.stored.size());
            outcome.stored.forEach((callId, stored) -> {
                Cdr written = outcome.writtenCdrs.get(callId);
                contributions.add(new AppliedContribution(callId, stored.version(),
                        CounterContribution.of(written != null ? written : fold.toCdr(stored.state()))));
            });
            try {
                counters.apply(contributions);
            } catch (RuntimeException e) {
                countersFailure = e;
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
                outcome.failed, outcome.failure, countersFailure);
    }

    /** Folds and writes the batch's calls, retrying conflicts; never throws for a store failure. */
    private StoreOutcome store(Map<String, List<CallEvent>> eventsByCall) {
        StoreOutcome outcome = new StoreOutcome();
        Set<String> pending = new LinkedHashSet<>(eventsByCall.keySet());
        try {
            for (int attempt = 1; attempt <= maxWriteAttempts && !pending.isEmpty(); attempt++) {
                LoadedCalls loaded = store.load(pending);
                List<CallWrite> writes = new ArrayList<>();
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
                        writes.add(new CallWrite(merged, fold.toCdr(merged),
                                current == null ? 0 : current.version()));
                    }
                }
                Set<String> conflicts = new LinkedHashSet<>();
                if (!writes.isEmpty()) {
                    Map<String, WriteStatus> statuses = store.write(writes);
                    for (CallWrite write : writes) {
                        WriteStatus status = statuses.getOrDefault(write.callId(), WriteStatus.FAILED);
                        switch (status) {
                            case WRITTEN -> {
                                outcome.stored.put(write.callId(), new StoredCall(write.state(), write.newVersion()));
                                outcome.writtenCdrs.put(write.callId(), write.cdr());
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

    private static final class StoreOutcome {
        private final Map<String, StoredCall> stored = new LinkedHashMap<>();
        /** The CDR view of each call this batch wrote, as written (the counters need it again). */
        private final Map<String, Cdr> writtenCdrs = new HashMap<>();
        private final Map<String, String> failed = new HashMap<>();
        private int written;
        private RuntimeException failure;
    }
}
