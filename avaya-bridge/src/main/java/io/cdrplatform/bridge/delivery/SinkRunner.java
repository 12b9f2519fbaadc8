package io.cdrplatform.bridge.delivery;

import io.cdrplatform.bridge.records.SpooledRecord;
import io.cdrplatform.bridge.records.SpooledRecords;
import io.cdrplatform.bridge.spool.Spool;
import io.cdrplatform.bridge.spool.SpoolBatch;
import io.cdrplatform.bridge.spool.SpoolReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the spool into one sink on its own thread: reads a batch at the sink's cursor, has it
 * parsed ({@link SpooledRecords}: lines that no longer parse are set aside), delivers it,
 * retrying what failed with exponential backoff until all of it went, and only then moves the
 * cursor past it. A sink that is down therefore holds back only its own cursor (the spool keeps the
 * lines), and a crash at any point means at most the batch in hand is delivered again.
 */
public final class SinkRunner {

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final long CHECKPOINT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Sink sink;
    private final SpooledRecords records;
    private final Spool spool;
    private final Clock clock;
    private final Backoff backoff;
    private final LongConsumer deliveredCounter;
    private final Thread thread;
    private final Object wakeUp = new Object();

    private volatile boolean stopRequested;
    private volatile long stopDeadlineNanos = Long.MAX_VALUE;
    private volatile SinkStatus.State state = SinkStatus.State.IDLE;
    private volatile long deliveredSinceStart;
    private volatile int consecutiveFailures;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastSuccessAt;
    private volatile Instant oldestPendingAt;
    private long lastCheckpointNanos = System.nanoTime();

    public SinkRunner(Sink sink, SpooledRecords records, Spool spool, Clock clock, Backoff backoff,
                      LongConsumer deliveredCounter) {
        this.sink = sink;
        this.records = records;
        this.spool = spool;
        this.clock = clock;
        this.backoff = backoff;
        this.deliveredCounter = deliveredCounter;
        this.thread = new Thread(this::run, "sink-" + sink.name());
        this.thread.setDaemon(true);
    }

    public String name() {
        return sink.name();
    }

    public void start() {
        thread.start();
    }

    public SinkStatus status() {
        long pending = spool.pending(sink.name());
        SinkStatus.State now = state == SinkStatus.State.DELIVERING && pending == 0 ? SinkStatus.State.IDLE : state;
        return new SinkStatus(sink.name(), now, pending, deliveredSinceStart, consecutiveFailures, lastError,
                lastErrorAt, lastSuccessAt, pending == 0 ? null : oldestPendingAt);
    }

    /**
     * Lets the sink go on until it has caught up with the spool or {@code grace} is over, then stops
     * it; lines it could not deliver stay in the spool for the next start.
     */
    public void stop(Duration grace) {
        requestStop(grace);
        awaitStop(grace);
    }

    /** Asks the runner to finish within {@code grace} without waiting (see {@link #stop}). */
    public void requestStop(Duration grace) {
        if (stopRequested) {
            return;
        }
        stopDeadlineNanos = System.nanoTime() + grace.toNanos();
        stopRequested = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Waits for a runner asked to stop, then closes the sink. */
    public void awaitStop(Duration grace) {
        try {
            thread.join(grace.plusSeconds(30).toMillis());
            if (thread.isAlive()) {
                log.warn("sink {} did not stop in time; interrupting it", sink.name());
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
        state = SinkStatus.State.STOPPED;
    }

    private void run() {
        try (SpoolReader reader = spool.openReader(sink.name())) {
            while (true) {
                if (stopRequested && (reader.position() >= spool.committedEnd() || pastDeadline())) {
                    break;
                }
                SpoolBatch batch = reader.read(sink.maxBatch(), stopRequested ? Duration.ZERO : POLL);
                if (batch.isEmpty()) {
                    if (batch.endSeq() > spool.delivered(sink.name())) {
                        spool.markDelivered(sink.name(), batch.endSeq());
                    }
                    state = SinkStatus.State.IDLE;
                    checkpoint(true);
                    continue;
                }
                List<SpooledRecord> parsed = records.decode(batch.entries(), sink.name());
                if (!parsed.isEmpty() && !deliver(parsed)) {
                    break;
                }
                spool.markDelivered(sink.name(), batch.endSeq());
                if (batch.endSeq() >= spool.committedEnd()) {
                    state = SinkStatus.State.IDLE;
                }
                checkpoint(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            lastError = "spool read failed: " + e.getMessage();
            lastErrorAt = clock.instant();
            log.error("sink {} stopped: the spool could not be read", sink.name(), e);
        } finally {
            checkpoint(true);
            state = SinkStatus.State.STOPPED;
        }
    }

    /** Delivers the whole batch, retrying; false when stopping before it all went. */
    private boolean deliver(List<SpooledRecord> batch) throws InterruptedException {
        List<SpooledRecord> remaining = batch;
        oldestPendingAt = remaining.get(0).entry().receivedAt();
        state = consecutiveFailures > 0 ? SinkStatus.State.RETRYING : SinkStatus.State.DELIVERING;
        while (true) {
            DeliveryOutcome outcome;
            try {
                outcome = sink.deliver(remaining);
            } catch (RuntimeException e) {
                outcome = DeliveryOutcome.failed(remaining, e.toString());
            }
            int done = remaining.size() - outcome.undelivered().size();
            if (done > 0) {
                deliveredSinceStart += done;
                deliveredCounter.accept(done);
            }
            if (outcome.isComplete()) {
                if (consecutiveFailures > 0) {
                    log.info("sink {} delivers again after {} failed attempts", sink.name(), consecutiveFailures);
                }
                consecutiveFailures = 0;
                lastSuccessAt = clock.instant();
                return true;
            }
            remaining = outcome.undelivered();
            int attempt = consecutiveFailures++;
            lastError = outcome.error();
            lastErrorAt = clock.instant();
            state = SinkStatus.State.RETRYING;
            Duration wait = backoff.delay(attempt, ThreadLocalRandom.current()::nextDouble);
            if (attempt == 0 || attempt % 10 == 0) {
                log.atWarn().addKeyValue("sink", sink.name())
                        .log("sink {} failed to take {} lines (attempt {}), retrying in {} ms: {}", sink.name(),
                                remaining.size(), attempt + 1, wait.toMillis(), outcome.error());
            }
            if (stopRequested && pastDeadline()) {
                return false;
            }
            sleep(wait);
            if (stopRequested && pastDeadline()) {
                return false;
            }
        }
    }

    private void sleep(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        synchronized (wakeUp) {
            while (true) {
                long left = until - System.nanoTime();
                if (stopRequested) {
                    left = Math.min(left, stopDeadlineNanos - System.nanoTime());
                }
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(wakeUp, left);
            }
        }
    }

    private boolean pastDeadline() {
        return System.nanoTime() - stopDeadlineNanos >= 0;
    }

    private void checkpoint(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCheckpointNanos < CHECKPOINT_EVERY_NANOS) {
            return;
        }
        lastCheckpointNanos = now;
        try {
            spool.checkpoint();
        } catch (IOException e) {
            log.warn("could not persist the spool cursors; lines may be delivered again after a restart", e);
        }
    }
}
