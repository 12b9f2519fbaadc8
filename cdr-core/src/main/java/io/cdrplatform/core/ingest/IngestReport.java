package io.cdrplatform.core.ingest;

import java.util.List;
import java.util.Map;

/**
 * What one batch came to.
 *
 * @param eventsReceived   messages in the batch
 * @param eventsStored     valid events whose call is now stored (new, or already there before), stats buckets included
 * @param skipped          invalid events, in batch order
 * @param cdrsWritten      call records written (a redelivery that changes nothing writes none)
 * @param failedMessageIds messages whose call could not be stored, or whose stats buckets could not be updated,
 *                         in batch order: the transport must deliver them again
 * @param failedCalls      per call that could not be stored (or its buckets updated), why
 * @param storeFailure     the error that stopped the store, or null
 * @param countersFailure  the error that kept the counters from being updated, or null (the batch still counts as stored)
 * @param statsFailure     the error that kept the stats buckets from being updated, or null (the calls it concerns
 *                         are in {@code failedCalls}: their messages come back and repair the buckets)
 */
public record IngestReport(
        int eventsReceived,
        int eventsStored,
        List<SkippedEvent> skipped,
        int cdrsWritten,
        List<String> failedMessageIds,
        Map<String, String> failedCalls,
        RuntimeException storeFailure,
        RuntimeException countersFailure,
        RuntimeException statsFailure) {

    public IngestReport {
        skipped = List.copyOf(skipped);
        failedMessageIds = List.copyOf(failedMessageIds);
        failedCalls = Map.copyOf(failedCalls);
    }

    public IngestReport(int eventsReceived, int eventsStored, List<SkippedEvent> skipped, int cdrsWritten,
                        List<String> failedMessageIds, Map<String, String> failedCalls,
                        RuntimeException storeFailure, RuntimeException countersFailure) {
        this(eventsReceived, eventsStored, skipped, cdrsWritten, failedMessageIds, failedCalls, storeFailure,
                countersFailure, null);
    }

    public boolean allStored() {
        return failedMessageIds.isEmpty();
    }
}
