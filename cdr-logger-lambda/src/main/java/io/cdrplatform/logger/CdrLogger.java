package io.cdrplatform.logger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.core.ingest.CallRecordStore;
import io.cdrplatform.core.ingest.InboundMessage;
import io.cdrplatform.core.ingest.IngestReport;
import io.cdrplatform.core.ingest.SkippedEvent;
import io.cdrplatform.core.stats.bucket.StatsBucketUpkeep;
import io.cdrplatform.core.text.SafeText;
import io.cdrplatform.logger.metrics.BatchFigures;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.logger.metrics.EmfCdrLoggerMetrics;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.mongo.MongoRates;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.store.stats.StatsCoverage;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * What both Lambda handlers (and cdr-local) run for a batch: the {@link CallEventIngestor}, then a
 * JSON log line per skipped event and per problem, and the batch's metrics.
 */
public final class CdrLogger {
    private static final Logger LOG = LoggerFactory.getLogger(CdrLogger.class);
    /** How the logger's MongoDB connections name themselves to the server. */
    public static final String APPLICATION_NAME = "cdr-logger";

    private final CallEventIngestor ingestor;
    private final CdrLoggerMetrics metrics;
    private final Runnable beforeFirstBatch;
    private volatile boolean started;

    public CdrLogger(CallEventIngestor ingestor, CdrLoggerMetrics metrics) {
        this(ingestor, metrics, () -> { });
    }

    /** {@code beforeFirstBatch} runs before the first batch (again before the next one if it threw). */
    public CdrLogger(CallEventIngestor ingestor, CdrLoggerMetrics metrics, Runnable beforeFirstBatch) {
        this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.beforeFirstBatch = Objects.requireNonNull(beforeFirstBatch, "beforeFirstBatch");
    }

    /**
     * The logger on MongoDB and Redis clients someone else owns (tests, cdr-local), with the
     * default retention, per-call state TTL and Redis batch timeout.
     */
    public static CdrLogger create(MongoDatabase database, RedisClient redis, Clock clock, Tariff tariff,
                                   CdrLoggerMetrics metrics) {
        return create(database, redis, clock, LoggerConfig.fromEnv(Map.of()).withTariff(tariff), metrics);
    }

    /** The logger on given clients, with the settings of {@code config} (its URIs are not used). */
    public static CdrLogger create(MongoDatabase database, RedisClient redis, Clock clock, LoggerConfig config,
                                   CdrLoggerMetrics metrics) {
        return create(database, redis, clock, config, metrics, UnaryOperator.identity());
    }

    /**
     * As {@link #create(MongoDatabase, RedisClient, Clock, LoggerConfig, CdrLoggerMetrics)}, with the
     * MongoDB store wrapped by {@code storeWrapper} (cdr-local commits its embedded store per write).
     */
    public static CdrLogger create(MongoDatabase database, RedisClient redis, Clock clock, LoggerConfig config,
                                   CdrLoggerMetrics metrics, UnaryOperator<CallRecordStore> storeWrapper) {
        CallRecordStore store = storeWrapper.apply(new MongoCallRecordStore(database, config.retentionSeconds(),
                config.versionIndex(), config.mongoReadParallelism(), clock));
        RedisCallCounters counters = new RedisCallCounters(new RedisConnector(redis), config.callStateTtl(),
                config.redisCommandTimeout());
        StatsBucketUpkeep statsBuckets = new StatsBucketUpkeep(
                new MongoStatsBucketStore(database, config.retentionSeconds(), clock));
        return new CdrLogger(new CallEventIngestor(new CallEventCodec(), new CdrFold(new MongoRates(database, config.tariff(),
                config.ratesRefresh(), clock)), store, counters,
                statsBuckets, CallEventIngestor.DEFAULT_MAX_WRITE_ATTEMPTS), metrics,
                () -> {
                    if (StatsCoverage.markCompleteIfNoCallRecords(database)) {
                        LOG.info("new call_records: the stats buckets cover every campaign from the first call on");
                    }
                });
    }

    /** The Lambda way: clients built once per container from the environment's settings. */
    public static CdrLogger fromConfig(LoggerConfig config) {
        MongoClient mongo = StoreClients.mongo(config.stores(), APPLICATION_NAME);
        RedisClient redis = StoreClients.redis(config.stores());
        LOG.info("cdr-logger configured", entry("settings", config.toString()));
        return create(mongo.getDatabase(config.mongoDatabase()), redis, Clock.systemUTC(), config,
                new EmfCdrLoggerMetrics());
    }

    public IngestReport process(List<InboundMessage> messages) {
        if (!started) {
            try {
                beforeFirstBatch.run();
                started = true;
            } catch (RuntimeException e) {
                LOG.warn("start-up check failed; trying again with the next batch",
                        entry("cause", String.valueOf(e.getMessage())));
            }
        }
        IngestReport report = ingestor.ingest(messages);
        for (SkippedEvent skipped : report.skipped()) {
            LOG.warn("event skipped: " + skipped.reason().code(),
                    entry("callId", SafeText.escape(skipped.callId())),
                    entry("reason", skipped.reason().code()),
                    entry("detail", SafeText.escape(skipped.detail())),
                    entry("messageId", SafeText.escape(skipped.messageId())));
        }
        if (report.statsFailure() != null) {
            LOG.error("stats buckets not updated; their events will be delivered again and repair them",
                    entry("failedEvents", report.failedMessageIds().size()),
                    entry("cause", String.valueOf(report.statsFailure().getMessage())),
                    report.statsFailure());
        }
        if (report.storeFailure() != null) {
            LOG.error("call records not stored; their events will be delivered again",
                    entry("failedEvents", report.failedMessageIds().size()),
                    entry("cause", String.valueOf(report.storeFailure().getMessage())),
                    report.storeFailure());
        } else if (report.statsFailure() == null) {
            report.failedCalls().forEach((callId, why) -> LOG.error("call record not stored; its events will be delivered again",
                    entry("callId", SafeText.escape(callId)), entry("cause", why)));
        }
        if (report.countersFailure() != null) {
            LOG.warn("Redis counters not updated for this batch; the CDRs are stored. "
                            + "Later events of the same calls repair them; rebuild-counters repairs all",
                    entry("cause", String.valueOf(report.countersFailure().getMessage())));
        }
        BatchFigures figures = BatchFigures.of(report);
        LOG.info("batch processed",
                entry("events", report.eventsReceived()),
                entry("eventsStored", report.eventsStored()),
                entry("eventsSkipped", figures.eventsSkipped()),
                entry("eventsFailed", figures.eventsFailed()),
                entry("cdrsWritten", report.cdrsWritten()),
                entry("countersUpdated", report.countersFailure() == null));
        try {
            metrics.record(figures);
        } catch (RuntimeException e) {
            // The batch is stored: a metrics problem must not make SQS deliver it again.
            LOG.warn("metrics not recorded", entry("cause", String.valueOf(e.getMessage())));
        }
        return report;
    }
}
