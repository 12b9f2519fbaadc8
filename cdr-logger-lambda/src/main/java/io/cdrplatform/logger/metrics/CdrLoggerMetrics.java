package io.cdrplatform.logger.metrics;

/**
 * Where the cdr-logger's figures go: CloudWatch EMF lines in Lambda ({@link EmfCdrLoggerMetrics}),
 * whatever a host like cdr-local prefers elsewhere. Called once per batch.
 */
public interface CdrLoggerMetrics {

    CdrLoggerMetrics NONE = figures -> {
    };

    void record(BatchFigures figures);
}
