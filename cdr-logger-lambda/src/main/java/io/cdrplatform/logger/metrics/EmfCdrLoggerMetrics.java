package io.cdrplatform.logger.metrics;

import io.cdrplatform.core.event.RejectionReason;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.exception.DimensionSetExceededException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidMetricException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * CloudWatch Embedded Metric Format lines on standard output, written by the
 * {@code aws-embedded-metrics} library: per batch, one line with {@code EventsProcessed},
 * {@code EventsSkipped}, {@code EventsFailed}, {@code CdrsWritten} and {@code RedisFailures}
 * (dimension {@code Service}), and one {@code EventsSkipped} line per rejection reason
 * (dimensions {@code Service}, {@code Reason}).
 *
 * <p>The Lambda environment of the library is used everywhere: it prints to standard output and
 * probes nothing (outside Lambda the library would otherwise look for an EC2 host or an agent).
 */
public final class EmfCdrLoggerMetrics implements CdrLoggerMetrics {

    public static final String NAMESPACE = "CdrPlatform";
    public static final String SERVICE = "cdr-logger";

    private final Supplier<MetricsLogger> loggers;
    private final String namespace;
    private final String service;

    public EmfCdrLoggerMetrics() {
        this(() -> new MetricsLogger(new LambdaEnvironment()), NAMESPACE, SERVICE);
    }

    public EmfCdrLoggerMetrics(Supplier<MetricsLogger> loggers, String namespace, String service) {
        this.loggers = Objects.requireNonNull(loggers, "loggers");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void record(BatchFigures figures) {
        try {
            MetricsLogger batch = logger(DimensionSet.of("Service", service));
            batch.putMetric("EventsProcessed", figures.eventsProcessed(), Unit.COUNT);
            batch.putMetric("EventsSkipped", figures.eventsSkipped(), Unit.COUNT);
            batch.putMetric("EventsFailed", figures.eventsFailed(), Unit.COUNT);
            batch.putMetric("CdrsWritten", figures.cdrsWritten(), Unit.COUNT);
            batch.putMetric("RedisFailures", figures.redisFailures(), Unit.COUNT);
            batch.flush();
            for (Map.Entry<RejectionReason, Integer> skipped : figures.skippedByReason().entrySet()) {
                MetricsLogger byReason = logger(DimensionSet.of("Service", service, "Reason", skipped.getKey().code()));
                byReason.putMetric("EventsSkipped", skipped.getValue(), Unit.COUNT);
                byReason.flush();
            }
        } catch (InvalidMetricException | InvalidNamespaceException | InvalidDimensionException
                 | DimensionSetExceededException e) {
            throw new IllegalStateException("EMF metric rejected: " + e.getMessage(), e);
        }
    }

    private MetricsLogger logger(DimensionSet dimensions) throws InvalidNamespaceException {
        MetricsLogger logger = loggers.get();
        logger.setNamespace(namespace);
        logger.setDimensions(dimensions);
        return logger;
    }
}
