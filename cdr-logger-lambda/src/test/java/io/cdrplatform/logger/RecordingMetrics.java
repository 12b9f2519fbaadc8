package io.cdrplatform.logger;

import io.cdrplatform.core.event.RejectionReason;
import io.cdrplatform.logger.metrics.BatchFigures;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Keeps every batch's figures, so tests can check what would have become metrics. */
public final class RecordingMetrics implements CdrLoggerMetrics {
    public final List<BatchFigures> batches = new ArrayList<>();

    @Override
    public synchronized void record(BatchFigures figures) {
        batches.add(figures);
    }

    public synchronized int sum(java.util.function.ToIntFunction<BatchFigures> figure) {
        return batches.stream().mapToInt(figure).sum();
    }

    public synchronized Map<RejectionReason, Integer> skippedByReason() {
        Map<RejectionReason, Integer> total = new EnumMap<>(RejectionReason.class);
        batches.forEach(batch -> batch.skippedByReason().forEach((reason, count) -> total.merge(reason, count, Integer::sum)));
        return total;
    }
}
