package io.cdrplatform.bridge;

import io.cdrplatform.bridge.delivery.Backoff;
import io.cdrplatform.bridge.delivery.SinkRunner;
import io.cdrplatform.bridge.delivery.SinkStatus;
import io.cdrplatform.bridge.health.HealthReport;
import io.cdrplatform.bridge.health.HealthServer;
import io.cdrplatform.bridge.metrics.BridgeMetrics;
import io.cdrplatform.bridge.metrics.EmfReporter;
import io.cdrplatform.bridge.postgres.PostgresSink;
import io.cdrplatform.bridge.records.InterimCalls;
import io.cdrplatform.bridge.records.LayoutCatalog;
import io.cdrplatform.bridge.records.PbxSite;
import io.cdrplatform.bridge.records.RecordSetup;
import io.cdrplatform.bridge.records.SpooledRecords;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.rejected.SetAside;
import io.cdrplatform.bridge.sns.SnsClients;
import io.cdrplatform.bridge.sns.SnsSink;
import io.cdrplatform.bridge.spool.Spool;
import io.cdrplatform.bridge.tcp.AllowedPeers;
import io.cdrplatform.bridge.tcp.PbxServer;
import io.cdrplatform.core.avaya.RecordLayout;
import java.util.Objects;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The Avaya bridge, runnable on its own ({@link BridgeMain}) or inside another process (cdr-local):
 * {@link #start()} opens the spool, starts the sinks, the PBX listener and the health endpoint;
 * {@link #close()} shuts down gracefully (stop accepting, spool what was read, give the sinks
 * {@code BRIDGE_SHUTDOWN_GRACE_SECONDS} to drain, persist cursors).
 */
public final class AvayaBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AvayaBridge.class);
    private static final Duration INITIAL_RETRY_DELAY = Duration.ofMillis(100);

    private final BridgeConfig config;
    private final SnsClient sns;
    private final boolean ownsSns;
    private final Clock clock;
    private final BridgeMetrics metrics = new BridgeMetrics();
    private final List<SinkRunner> runners = new ArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private ScheduledExecutorService scheduler;
    private RejectedLinesFile rejectedLines;
    private Spool spool;
    private PbxServer pbxServer;
    private HealthServer healthServer;
    private EmfReporter emf;
    private boolean started;
    private boolean closed;

    /** A bridge that builds its own SNS client from the configuration. */
    public AvayaBridge(BridgeConfig config) {
        this(config, SnsClients.create(config), true, Clock.systemUTC());
    }

    /** A bridge publishing through the given client (not closed by the bridge). */
    public AvayaBridge(BridgeConfig config, SnsClient sns, Clock clock) {
        this(config, sns, false, clock);
    }

    private AvayaBridge(BridgeConfig config, SnsClient sns, boolean ownsSns, Clock clock) {
        this.config = config;
        this.sns = sns;
        this.ownsSns = ownsSns;
        this.clock = clock;
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public synchronized AvayaBridge start() throws IOException, InterruptedException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            startComponents();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void startComponents() throws IOException, InterruptedException {
        RecordSetup records = config.records();
        rejectedLines = RejectedLinesFile.open(config.spoolDir());
        InterimCalls interimCalls = InterimCalls.open(config.spoolDir(), clock.instant());
        LayoutCatalog layouts = LayoutCatalog.open(config.spoolDir(), records.sites().stream().map(PbxSite::layout)
                .filter(Objects::nonNull).toList());
        SetAside setAside = new SetAside(rejectedLines, n -> metrics.lineRefusedBySink(), clock);
        SpooledRecords spooled = new SpooledRecords(layouts, records, setAside);
        List<String> sinkNames = new ArrayList<>(List.of(SnsSink.NAME));
        config.postgres().ifPresent(pg -> sinkNames.add(PostgresSink.NAME));
        spool = Spool.open(config.spoolDir(), config.segmentBytes(), sinkNames);

        Backoff backoff = new Backoff(INITIAL_RETRY_DELAY, config.retryMaxDelay().compareTo(INITIAL_RETRY_DELAY) < 0
                ? INITIAL_RETRY_DELAY : config.retryMaxDelay());
        runners.add(new SinkRunner(new SnsSink(sns, config.snsTopicArn(), records.conditionCodes(), setAside,
                config.snsConcurrency()), spooled, spool, clock, backoff, metrics::eventsPublished));
        config.postgres().ifPresent(pg -> runners.add(new SinkRunner(new PostgresSink(pg, setAside), spooled, spool,
                clock, backoff, metrics::rowsWritten)));
        runners.forEach(SinkRunner::start);

        acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        pbxServer = new PbxServer(config.listenAddress(), config.pbxPort(), config.maxLineLength(),
                AllowedPeers.parse(config.allowedCidrs()), records, interimCalls, spool, rejectedLines, metrics, clock);
        pbxServer.start(acceptors, workers);
        healthServer = new HealthServer(config.healthAddress(), config.healthPort(), this::health);
        healthServer.start(acceptors, workers);

        emf = EmfReporter.toStdout(config.metricsNamespace(), metrics, spool::depth);
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bridge-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.metricsInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::periodic, interval, interval, TimeUnit.MILLISECONDS);
        log.info("avaya bridge started: PBX port {}, health port {}, spool {}, sinks {}, campaignId {}, PBX time zone {}",
                pbxPort(), healthPort(), config.spoolDir().toAbsolutePath(), sinkNames, config.campaignId(),
                config.pbxZone());
        for (PbxSite site : records.sites()) {
            log.info("PBX {}: {}record format {}{}, time zone {}, CDR date format {}", site.label(),
                    site.port() > 0 ? "port " + site.port() + ", " : "",
                    site.auto() ? "auto (detected from the first records)" : site.layout().name(),
                    site.layout() instanceof io.cdrplatform.core.avaya.FixedLayout fixed && fixed.spec() != null
                            ? " (" + fixed.spec() + ")" : "", site.zone(),
                    site.dateOrder() == RecordLayout.DateOrder.MONTH_DAY ? "month/day" : "day/month");
        }
        log.info("condition codes: defaults{}; campaign attribution: {}",
                records.conditionCodes().overrides().isEmpty() ? "" : " with " + records.conditionCodes().overrides(),
                records.attributionFile().map(file -> records.attribution().ruleCount() + " rules from " + file
                        + ", else " + config.campaignId()).orElse("every record to " + config.campaignId()));
    }

    /** The bound PBX listener port (the real one when configured as 0). */
    public int pbxPort() {
        return pbxAddress().getPort();
    }

    public InetSocketAddress pbxAddress() {
        return pbxServer.localAddress();
    }

    /** The bound health port (the real one when configured as 0). */
    public int healthPort() {
        return healthServer.localAddress().getPort();
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    public BridgeConfig config() {
        return config;
    }

    /** What /health reports, computed now. */
    public HealthReport health() {
        List<SinkStatus> sinks = runners.stream().map(SinkRunner::status).toList();
        Instant now = clock.instant();
        String lastError = null;
        Instant lastErrorAt = null;
        Instant oldestPending = null;
        boolean retrying = false;
        for (SinkStatus sink : sinks) {
            retrying |= sink.consecutiveFailures() > 0;
            if (sink.lastErrorAt() != null && (lastErrorAt == null || sink.lastErrorAt().isAfter(lastErrorAt))) {
                lastErrorAt = sink.lastErrorAt();
                lastError = sink.name() + ": " + sink.lastError();
            }
            if (sink.oldestPendingAt() != null && (oldestPending == null || sink.oldestPendingAt().isBefore(oldestPending))) {
                oldestPending = sink.oldestPendingAt();
            }
        }
        var writeError = spool.writeError();
        if (writeError.isPresent() && (lastErrorAt == null || writeError.get().at().isAfter(lastErrorAt))) {
            lastErrorAt = writeError.get().at();
            lastError = "spool: " + writeError.get().message();
        }
        long depth = spool.depth();
        Long oldestAge = depth == 0 ? null
                : oldestPending == null ? 0L : Math.max(0, Duration.between(oldestPending, now).toSeconds());
        HealthReport.Status status = writeError.isPresent() ? HealthReport.Status.FAILING
                : retrying ? HealthReport.Status.DEGRADED : HealthReport.Status.OK;
        return new HealthReport(status, depth, oldestAge, lastError, lastErrorAt, metrics.linesReceived(),
                metrics.linesRejected(), metrics.eventsPublished(), metrics.openConnections(), sinks);
    }

    /** Graceful shutdown; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("avaya bridge shutting down: no new PBX connections, spooling what was read");
        if (pbxServer != null) {
            pbxServer.stopAccepting();
            pbxServer.closeConnections(Duration.ofSeconds(5));
        }
        if (spool != null) {
            try {
                spool.sync().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.error("could not flush the spool before shutdown", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runners.forEach(runner -> runner.requestStop(config.shutdownGrace()));
        runners.forEach(runner -> runner.awaitStop(config.shutdownGrace()));
        long left = spool == null ? 0 : spool.depth();
        if (spool != null) {
            spool.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (emf != null) {
            emf.report();
        }
        closeQuietly(rejectedLines);
        if (healthServer != null) {
            healthServer.close();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (ownsSns) {
            sns.close();
        }
        log.info("avaya bridge stopped; {} lines wait in the spool for the next start", left);
    }

    private void periodic() {
        emf.report();
        try {
            rejectedLines.sync();
        } catch (IOException e) {
            log.warn("could not fsync the rejected-lines file", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing {} failed", closeable, e);
        }
    }
}
