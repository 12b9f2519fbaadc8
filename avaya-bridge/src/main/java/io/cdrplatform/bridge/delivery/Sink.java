package io.cdrplatform.bridge.delivery;

import io.cdrplatform.bridge.spool.SpoolEntry;
import java.util.List;

/** A destination of spooled lines (SNS, PostgreSQL). Called from one {@link SinkRunner} thread only. */
public interface Sink extends AutoCloseable {

    /** Short name: the cursor file and the /health key. */
    String name();

    /** Most entries one {@link #deliver} call takes. */
    int maxBatch();

    /**
     * Delivers the entries (idempotently: each may have been delivered before). Returns what is
     * still undelivered and why; failures are reported, not thrown. An entry the destination
     * refuses as invalid for good is the sink's to set aside (rejected-lines file), not to return.
     */
    DeliveryOutcome deliver(List<SpoolEntry> entries);

    @Override
    void close();
}
