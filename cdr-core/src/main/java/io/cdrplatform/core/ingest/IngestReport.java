package io.cdrplatform.core.ingest;

import java.util.List;
import java.util.Map;

/**
 * What one batch came to.
 *
 * @param eventsReceived   messages in the batch
 * @param eventsStored     valid events whose call is now stored (new, or already there before)
 * @param skipped          invalid events, in batch order
 * @param cdrsWritten      call records written (a redelivery that changes nothing writes none)
 * @param failedMessageIds messages whose call could not be stored, in batch order: the transport must deliver them again
 * @param failedCalls      per call that could not be stored, why
 * @param storeFailure     the error that stopped the store, or null
 * @param countersFailure  the error that kept the counters from being updated, or null (the batch still counts as stored)
 */
public record IngestReport(
        int eventsReceived,
        int eventsStored,
        List<SkippedEvent> skipped,
        int cdrsWritten,
        List<String> failedMessageIds,
        Map<String, String> failedCalls,
        RuntimeException storeFailure,
        RuntimeException countersFailure) {

    public IngestReport {
        skipped = List.copyOf(skipped);
        failedMessageIds = List.copyOf(failedMessageIds);
        failedCalls = Map.copyOf(failedCalls);
    }

    public boolean allStored() {
        return failedMessageIds.isEmpty();
    }
}
