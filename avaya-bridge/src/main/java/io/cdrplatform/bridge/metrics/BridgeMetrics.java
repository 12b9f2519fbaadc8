package io.cdrplatform.bridge.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters since start, shared by the listener, the sinks, /health and the EMF reporter. Thread-safe. */
public final class BridgeMetrics {

    private final AtomicLong linesReceived = new AtomicLong();
    private final AtomicLong linesRejected = new AtomicLong();
    private final AtomicLong eventsPublished = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong linesRefusedBySinks = new AtomicLong();
    private final AtomicLong peersRefused = new AtomicLong();
    private final AtomicInteger openConnections = new AtomicInteger();

    /** Lines accepted: parsed and fsync'ed into the spool. */
    public void linesReceived(long count) {
        linesReceived.addAndGet(count);
    }

    /** Lines written to the rejected-lines file by the listener. */
    public void lineRejected() {
        linesRejected.incrementAndGet();
    }

    public void eventsPublished(long count) {
        eventsPublished.addAndGet(count);
    }

    /** Lines taken by PostgreSQL (inserted, or already there). */
    public void rowsWritten(long count) {
        rowsWritten.addAndGet(count);
    }

    /** Lines a sink refused as invalid (moved to the rejected-lines file). */
    public void lineRefusedBySink() {
        linesRefusedBySinks.incrementAndGet();
    }

    public void peerRefused() {
        peersRefused.incrementAndGet();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public long linesReceived() {
        return linesReceived.get();
    }

    public long linesRejected() {
        return linesRejected.get();
    }

    public long eventsPublished() {
        return eventsPublished.get();
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }

    public long linesRefusedBySinks() {
        return linesRefusedBySinks.get();
    }

    public long peersRefused() {
        return peersRefused.get();
    }

    public int openConnections() {
        return openConnections.get();
    }
}
