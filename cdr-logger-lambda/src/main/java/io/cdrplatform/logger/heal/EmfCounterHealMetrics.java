package io.cdrplatform.logger.heal;

import io.cdrplatform.logger.metrics.EmfCdrLoggerMetrics;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidMetricException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException;
import software.amazon.cloudwatchlogs.emf.exception.DimensionSetExceededException;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * The counter-heal figures as CloudWatch Embedded Metric Format lines (namespace {@code CdrPlatform},
 * dimension {@code Service=counter-heal}): {@code CountersStale} (1 when a check found the counters
 * lost, else 0; the template's alarm watches it), {@code CounterRebuildMillis}, {@code CounterDrift}
 * (the summed difference between the sampled campaigns' Redis counters and MongoDB) and
 * {@code CampaignsDrifting}.
 */
public final class EmfCounterHealMetrics {

    public static final String SERVICE = "counter-heal";

    private final Supplier<MetricsLogger> loggers;

    public EmfCounterHealMetrics() {
        this(() -> new MetricsLogger(new LambdaEnvironment()));
    }

    public EmfCounterHealMetrics(Supplier<MetricsLogger> loggers) {
        this.loggers = Objects.requireNonNull(loggers, "loggers");
    }

    /** One check: whether it found the counters lost, how long the rebuild took (null: none ran). */
    public void check(boolean foundLost, Long rebuildMillis) {
        emit(logger -> {
            logger.putMetric("CountersStale", foundLost ? 1 : 0, Unit.COUNT);
            if (rebuildMillis != null) {
                logger.putMetric("CounterRebuildMillis", rebuildMillis, Unit.MILLISECONDS);
            }
        });
    }

    /** One drift check: the summed difference, how many campaigns were checked and how many differ. */
    public void drift(long difference, int campaignsChecked, int campaignsDrifting) {
        emit(logger -> {
            logger.putMetric("CounterDrift", difference, Unit.COUNT);
            logger.putMetric("CampaignsChecked", campaignsChecked, Unit.COUNT);
            logger.putMetric("CampaignsDrifting", campaignsDrifting, Unit.COUNT);
        });
    }

    private interface Figures {
        void put(MetricsLogger logger) throws InvalidMetricException;
    }

    private void emit(Figures figures) {
        try {
            MetricsLogger logger = loggers.get();
            logger.setNamespace(EmfCdrLoggerMetrics.NAMESPACE);
            logger.setDimensions(DimensionSet.of("Service", SERVICE));
            figures.put(logger);
            logger.flush();
        } catch (InvalidMetricException | InvalidNamespaceException | InvalidDimensionException
                 | DimensionSetExceededException e) {
            throw new IllegalStateException("EMF metric rejected: " + e.getMessage(), e);
        }
    }
}
