package io.cdrplatform.logger.metrics;

import io.cdrplatform.core.event.RejectionReason;
import io.cdrplatform.core.ingest.IngestReport;
import io.cdrplatform.core.ingest.SkippedEvent;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The counts of one batch that become metrics.
 *
 * @param eventsProcessed valid events now stored
 * @param skippedByReason invalid events, per reason
 * @param eventsFailed    valid events not stored (to be delivered again)
 * @param cdrsWritten     call records written
 * @param redisFailures   1 when the counters could not be updated for this batch, else 0
 */
public record BatchFigures(
        int eventsProcessed,
        Map<RejectionReason, Integer> skippedByReason,
        int eventsFailed,
        int cdrsWritten,
        int redisFailures) {

    public BatchFigures {
        skippedByReason = skippedByReason.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(skippedByReason));
    }

    public static BatchFigures of(IngestReport report) {
        Map<RejectionReason, Integer> skipped = new EnumMap<>(RejectionReason.class);
        for (SkippedEvent event : report.skipped()) {
            skipped.merge(event.reason(), 1, Integer::sum);
        }
        return new BatchFigures(report.eventsStored(), skipped, report.failedMessageIds().size(),
                report.cdrsWritten(), report.countersFailure() == null ? 0 : 1);
    }

    public int eventsSkipped() {
        return skippedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }
}
