package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.CallState;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cdr-logger's application service: one batch of delivered messages becomes stored call
 * records and updated counters.
 *
 * <p>Per batch: validate every message; read the batch's calls once; fold each call's new events
 * into its stored state; write every changed call in guarded bulk writes (one, or up to
 * {@code maxWriteParts} one after the other for a large batch); on a version conflict (a
 * concurrent writer), read those calls again and retry. For every call now stored, apply its
 * counter contribution at its record version, only once its write is acknowledged: a part's
 * counters are applied on a helper thread while the next part is written. Because the fold is a
 * join and the counters take the newest version's contribution, redelivery and any order converge
 * on the same result, and a redelivery after a crash between the store and the counters repairs
 * the counters.
 *
 * <p>Thread-safe when its store and counters are.
 */
public final class CallEventIngestor {

    public static final int DEFAULT_MAX_WRITE_ATTEMPTS = 8;
    /** Bulk writes per attempt for a large batch: each but the last lets the counters of the one before overlap it. */
    public static final int DEFAULT_MAX_WRITE_PARTS = 4;
    /** A part holds at least this many calls: below it one more round trip costs more than the overlap saves. */
    public static final int DEFAULT_MIN_WRITE_PART = 128;
    private static final AtomicInteger COUNTER_THREADS = new AtomicInteger();

    private final CallEventCodec codec;
    private final CdrFold fold;
    private final CallRecordStore store;
    private final CallCounters counters;
    private final int maxWriteAttempts;
    private final int maxWriteParts;
    private final int minWritePart;
    /** Applies counter updates, in the order handed in; a daemon thread that ends after a minute idle. */
    private final ExecutorService counterThread;

    /**
     * @param maxWriteParts the writes of an attempt go in at most this many bulk writes (1: one)
     * @param minWritePart  each of at least this many calls, unless there is only one
     */
    public CallEventIngestor(CallEventCodec codec, CdrFold fold, CallRecordStore store, CallCounters counters,
                             int maxWriteAttempts, int maxWriteParts, int minWritePart) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.fold = Objects.requireNonNull(fold, "fold");
        this.store = Objects.requireNonNull(store, "store");
        this.counters = Objects.requireNonNull(counters, "counters");
        if (maxWriteAttempts < 1) {
            throw new IllegalArgumentException("maxWriteAttempts must be at least 1");
        }
        if (maxWriteParts < 1 || minWritePart < 1) {
            throw new IllegalArgumentException("maxWriteParts and minWritePart must be at least 1");
        }
        this.maxWriteAttempts = maxWriteAttempts;
        this.maxWriteParts = maxWriteParts;
        this.minWritePart = minWritePart;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "cdr-counters-" + COUNTER_THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.counterThread = pool;
    }

    public CallEventIngestor(CallEventCodec codec, CdrFold fold, CallRecordStore store, CallCounters counters,
                             int maxWriteAttempts) {
        this(codec, fold, store, counters, maxWriteAttempts, DEFAULT_MAX_WRITE_PARTS, DEFAULT_MIN_WRITE_PART);
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

        CounterUpdates counterUpdates = new CounterUpdates();
        StoreOutcome outcome = store(eventsByCall, counterUpdates);
        RuntimeException countersFailure = counterUpdates.await();

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

    /**
     * Folds and writes the batch's calls, retrying conflicts; never throws for a store failure.
     * The writes of an attempt go in up to {@code maxWriteParts} bulk writes, one after the other;
     * as soon as a part is acknowledged, its calls' counters are handed to {@code counterUpdates},
     * which applies them while the next part is written.
     */
    private StoreOutcome store(Map<String, List<CallEvent>> eventsByCall, CounterUpdates counterUpdates) {
        StoreOutcome outcome = new StoreOutcome();
        Set<String> pending = new LinkedHashSet<>(eventsByCall.keySet());
        try {
            for (int attempt = 1; attempt <= maxWriteAttempts && !pending.isEmpty(); attempt++) {
                LoadedCalls loaded = store.load(pending);
                List<CallWrite> writes = new ArrayList<>();
                List<AppliedContribution> unchanged = new ArrayList<>();
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
                        // Everything these events say is stored already (a redelivery): no write,
                        // but the counters are applied again from the stored state (they may have
                        // missed it after a crash).
                        outcome.stored.put(callId, current);
                        unchanged.add(new AppliedContribution(callId, current.version(),
                                CounterContribution.of(fold.toCdr(current.state()))));
                    } else {
                        writes.add(new CallWrite(merged, fold.toCdr(merged),
                                current == null ? 0 : current.version()));
                    }
                }
                counterUpdates.submit(unchanged);
                Set<String> conflicts = new LinkedHashSet<>();
                for (List<CallWrite> part : parts(writes, maxWriteParts, minWritePart)) {
                    Map<String, WriteStatus> statuses = store.write(part);
                    List<AppliedContribution> acknowledged = new ArrayList<>(part.size());
                    for (CallWrite write : part) {
                        WriteStatus status = statuses.getOrDefault(write.callId(), WriteStatus.FAILED);
                        switch (status) {
                            case WRITTEN -> {
                                outcome.stored.put(write.callId(), new StoredCall(write.state(), write.newVersion()));
                                outcome.written++;
                                acknowledged.add(new AppliedContribution(write.callId(), write.newVersion(),
                                        CounterContribution.of(write.cdr())));
                            }
                            case CONFLICT -> conflicts.add(write.callId());
                            case FAILED -> outcome.failed.put(write.callId(), "the store refused the write");
                        }
                    }
                    counterUpdates.submit(acknowledged);
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
     * The writes split into at most {@code maxParts} parts of nearly equal size, none smaller than
     * {@code minPart} unless there is only one; together exactly the writes, in order.
     */
    static List<List<CallWrite>> parts(List<CallWrite> writes, int maxParts, int minPart) {
        if (writes.isEmpty()) {
            return List.of();
        }
        int count = Math.max(1, Math.min(maxParts, writes.size() / minPart));
        List<List<CallWrite>> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(writes.subList(writes.size() * i / count, writes.size() * (i + 1) / count));
        }
        return parts;
    }

    /**
     * The counter updates of one batch, applied in the order handed in, one at a time, on
     * {@link #counterThread} while the calling thread writes the next part. Only contributions of
     * acknowledged (or already stored) records are handed in. After the first failure the later
     * updates are dropped: the counters are down or slow, and waiting for each would only delay
     * the batch (a redelivery or rebuild-counters repairs them).
     */
    private final class CounterUpdates {
        private final List<Future<?>> updates = new ArrayList<>();
        private volatile Throwable failure;

        void submit(List<AppliedContribution> contributions) {
            if (contributions.isEmpty()) {
                return;
            }
            updates.add(counterThread.submit(() -> {
                if (failure != null) {
                    return;
                }
                try {
                    counters.apply(contributions);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }));
        }

        /** Waits for every update; answers the first failure, rethrowing an {@link Error}. */
        RuntimeException await() {
            boolean interrupted = false;
            for (Future<?> update : updates) {
                while (true) {
                    try {
                        update.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause();
                        }
                        break;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable first = failure;
            if (first instanceof Error error) {
                throw error;
            }
            return first == null ? null
                    : first instanceof RuntimeException runtime ? runtime : new IllegalStateException(first);
        }
    }

    private static final class StoreOutcome {
        private final Map<String, StoredCall> stored = new LinkedHashMap<>();
        private final Map<String, String> failed = new HashMap<>();
        private int written;
        private RuntimeException failure;
    }
}
