package io.cdrplatform.bridge.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Writes the bridge's metrics as CloudWatch Embedded Metric Format lines (aws-embedded-metrics),
 * one per {@link #report()}: the counts since the previous report ({@code LinesReceived},
 * {@code LinesRejected}, {@code EventsPublished}, {@code RowsWritten}, {@code LinesRefusedBySinks},
 * {@code PeersRefused}) and the current {@code SpoolDepth} and {@code OpenConnections}, under the
 * dimension {@code Service=avaya-bridge}. The lines go to stdout (the container log, where
 * CloudWatch extracts them); the library's environment detection is bypassed, so it never probes
 * instance metadata.
 */
public final class EmfReporter {

    public static final String SERVICE = "avaya-bridge";
    private static final Logger log = LoggerFactory.getLogger(EmfReporter.class);

    private final String namespace;
    private final BridgeMetrics metrics;
    private final LongSupplier spoolDepth;
    private final Environment environment;
    private long lastReceived;
    private long lastRejected;
    private long lastPublished;
    private long lastRows;
    private long lastRefused;
    private long lastPeersRefused;

    public EmfReporter(String namespace, BridgeMetrics metrics, LongSupplier spoolDepth, Consumer<String> out) {
        this.namespace = namespace;
        this.metrics = metrics;
        this.spoolDepth = spoolDepth;
        this.environment = new LineEnvironment(out);
    }

    /** An EMF reporter writing to stdout. */
    public static EmfReporter toStdout(String namespace, BridgeMetrics metrics, LongSupplier spoolDepth) {
        return new EmfReporter(namespace, metrics, spoolDepth, line -> {
            System.out.println(line);
            System.out.flush();
        });
    }

    /** Writes one EMF line with the counts since the last call. */
    public synchronized void report() {
        try {
            MetricsLogger emf = new MetricsLogger(environment);
            emf.setNamespace(namespace);
            emf.setDimensions(DimensionSet.of("Service", SERVICE));
            long received = metrics.linesReceived();
            long rejected = metrics.linesRejected();
            long published = metrics.eventsPublished();
            long rows = metrics.rowsWritten();
            long refused = metrics.linesRefusedBySinks();
            long peersRefused = metrics.peersRefused();
            emf.putMetric("LinesReceived", received - lastReceived, Unit.COUNT);
            emf.putMetric("LinesRejected", rejected - lastRejected, Unit.COUNT);
            emf.putMetric("EventsPublished", published - lastPublished, Unit.COUNT);
            emf.putMetric("RowsWritten", rows - lastRows, Unit.COUNT);
            emf.putMetric("LinesRefusedBySinks", refused - lastRefused, Unit.COUNT);
            emf.putMetric("PeersRefused", peersRefused - lastPeersRefused, Unit.COUNT);
            emf.putMetric("SpoolDepth", spoolDepth.getAsLong(), Unit.COUNT);
            emf.putMetric("OpenConnections", metrics.openConnections(), Unit.COUNT);
            emf.flush();
            lastReceived = received;
            lastRejected = rejected;
            lastPublished = published;
            lastRows = rows;
            lastRefused = refused;
            lastPeersRefused = peersRefused;
        } catch (RuntimeException e) {
            log.warn("could not write the EMF metrics line", e);
        }
    }

    /** The library's output side, reduced to "write each serialized line". */
    private static final class LineEnvironment implements Environment {
        private final ISink sink;

        LineEnvironment(Consumer<String> out) {
            this.sink = new ISink() {
                @Override
                public void accept(MetricsContext context) {
                    try {
                        for (String line : context.serialize()) {
                            out.accept(line);
                        }
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("EMF serialization failed", e);
                    }
                }

                @Override
                public CompletableFuture<Void> shutdown() {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return SERVICE;
        }

        @Override
        public String getType() {
            return "avaya-bridge";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public void configureContext(MetricsContext context) {
            // dimensions are set explicitly in report()
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
