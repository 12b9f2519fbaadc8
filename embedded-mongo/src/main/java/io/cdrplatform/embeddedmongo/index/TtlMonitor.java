package io.cdrplatform.embeddedmongo.index;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongod's TTL monitor for the embedded store: every {@code interval} (mongod's default: 60 s) it deletes
 * the documents whose TTL-indexed field holds a date more than the index's {@code expireAfterSeconds} in
 * the past, walking that index from its oldest entry, a batch at a time so writes go on between batches.
 * As in mongod, a document whose field is missing or not a date never expires; unlike mongod, neither
 * does one whose field is an array of dates.
 */
public final class TtlMonitor implements AutoCloseable {

    /** mongod's {@code ttlMonitorSleepSecs}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    static final int BATCH = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(TtlMonitor.class);

    private final IndexedH2Backend backend;
    private final ScheduledExecutorService timer;

    private TtlMonitor(IndexedH2Backend backend, ScheduledExecutorService timer) {
        this.backend = backend;
        this.timer = timer;
    }

    /** Starts deleting expired documents every {@code interval}, first after one interval. */
    public static TtlMonitor start(IndexedH2Backend backend, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-mongo-ttl-monitor");
            thread.setDaemon(true);
            return thread;
        });
        TtlMonitor monitor = new TtlMonitor(backend, timer);
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(monitor::runSafely, millis, millis, TimeUnit.MILLISECONDS);
        return monitor;
    }

    private void runSafely() {
        try {
            deleteExpired(backend);
        } catch (RuntimeException e) {
            // a store being closed, or H2 giving up (reported by its owner): try again next time
            LOG.warn("TTL monitor pass failed: {}", e.toString());
        }
    }

    /** One pass of the monitor over every TTL index of the backend, as of the backend's clock; returns the number deleted. */
    public static long deleteExpired(IndexedH2Backend backend) {
        Instant now = backend.getClock().instant();
        long deleted = 0;
        for (IndexedH2Backend.TtlIndex ttl : backend.ttlIndexes()) {
            Instant cutoff = now.minusSeconds(ttl.expireAfterSeconds());
            int batch;
            do {
                batch = ttl.collection().deleteExpired(ttl.index(), cutoff, BATCH);
                deleted += batch;
            } while (batch == BATCH);
        }
        if (deleted > 0) {
            LOG.info("TTL monitor deleted {} expired documents", deleted);
        }
        return deleted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
