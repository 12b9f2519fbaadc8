package io.cdrplatform.bridge.delivery;

import io.cdrplatform.bridge.records.SpooledRecord;
import java.util.List;

/** A destination of spooled records (SNS, PostgreSQL). Called from one {@link SinkRunner} thread only. */
public interface Sink extends AutoCloseable {

    /** Short name: the cursor file and the /health key. */
    String name();

    /** Most entries one {@link #deliver} call takes. */
    int maxBatch();

    /**
     * Delivers the records (idempotently: each may have been delivered before). Returns what is
     * still undelivered and why; failures are reported, not thrown. A record the destination
     * refuses as invalid for good is the sink's to set aside ({@code SetAside}), not to return.
     */
    DeliveryOutcome deliver(List<SpooledRecord> records);

    @Override
    void close();
}
