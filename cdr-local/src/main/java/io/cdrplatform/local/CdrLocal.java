package io.cdrplatform.local;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.bridge.AvayaBridge;
import io.cdrplatform.bridge.BridgeConfig;
import io.cdrplatform.bridge.health.HealthReport;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.logger.SnsEventHandler;
import io.cdrplatform.logger.heal.CounterHeal;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.logger.metrics.EmfCdrLoggerMetrics;
import io.cdrplatform.query.QueryApi;
import io.cdrplatform.query.QueryConfig;
import io.cdrplatform.snslocal.SnsEndpoint;
import io.cdrplatform.snslocal.SnsEndpointConfig;
import io.cdrplatform.store.clients.StoreClients;
import io.lettuce.core.RedisClient;
import java.net.URI;
import org.bson.Document;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The whole pipeline in one JVM, wired from the real pieces: embedded MongoDB-compatible storage
 * and redis-server (unless external ones are configured), the SNS-compatible endpoint whose
 * subscriber is the cdr-logger handler, the query API over HTTP, and the avaya-bridge publishing
 * into the local endpoint. {@link #close()} stops them in the order that loses nothing.
 */
public final class CdrLocal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdrLocal.class);
    static final String CALL_EVENTS_TOPIC_ARN = SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN;
    /** The components of {@code GET /health}. */
    static final String MONGODB = "mongodb";
    static final String SNS_ENDPOINT = "sns-endpoint";
    static final String HTTP_API = "http-api";
    static final String AVAYA_BRIDGE = "avaya-bridge";

    private final LocalConfig config;
    /** What to close, last started first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LocalMongoStore mongoStore;
    private LocalRedisServer redisServer;
    private String mongoUri;
    private String redisUri;
    private SnsEndpoint sns;
    private LocalHttpApi http;
    private AvayaBridge bridge;
    private volatile CounterGuard counterGuard;

    private final Consumer<Throwable> onStoreLost;
    private final HealthBoard health = new HealthBoard(Clock.systemUTC());

    private CdrLocal(LocalConfig config, Consumer<Throwable> onStoreLost) {
        this.config = config;
        this.onStoreLost = Objects.requireNonNull(onStoreLost, "onStoreLost");
    }

    /** Starts everything; on any failure, stops what had started and rethrows. */
    public static CdrLocal start(Map<String, String> env) throws Exception {
        return start(env, cause -> LOG.error("the embedded MongoDB store closed itself after a failure: {}", cause.toString()));
    }

    /**
     * As {@link #start(Map)}; {@code onStoreLost} hears, once, that the embedded MongoDB store closed
     * itself after a failure it cannot recover from (out of memory, disk full), so every later
     * write would fail.
     */
    public static CdrLocal start(Map<String, String> env, Consumer<Throwable> onStoreLost) throws Exception {
        CdrLocal local = new CdrLocal(LocalConfig.fromEnv(env), onStoreLost);
        try {
            local.startAll(env);
            return local;
        } catch (Exception | Error e) {
            local.close();
            throw e;
        }
    }

    private void startAll(Map<String, String> env) throws Exception {
        Clock clock = Clock.systemUTC();
        Map<String, String> loggerEnv = new HashMap<>(env);
        if (config.embeddedMongo()) {
            // mongo-java-server uses an index only for a query naming exactly its fields: without
            // this one, every version-guarded upsert would scan the whole collection.
            loggerEnv.putIfAbsent("CALL_RECORDS_VERSION_INDEX", "true");
        }
        LoggerConfig loggerConfig = LoggerConfig.fromEnv(loggerEnv);
        QueryConfig queryConfig = QueryConfig.fromEnv(env);

        if (config.embeddedMongo()) {
            mongoStore = LocalMongoStore.start(config.dataDir().resolve("mongo"), config.host(), config.mongoPort(),
                    cause -> {
                        health.down(MONGODB, "the embedded store closed itself: " + cause);
                        onStoreLost.accept(cause);
                    });
            started.push(mongoStore);
            mongoUri = mongoStore.connectionString();
            health.up(MONGODB);
        } else {
            mongoUri = config.mongoUri();
        }
        if (config.embeddedRedis()) {
            redisServer = LocalRedisServer.start(config.dataDir(), config.host(), config.redisPort(), health, () -> {
                CounterGuard guard = counterGuard;
                if (guard != null) {
                    guard.redisRestarted();
                }
            });
            started.push(redisServer);
            redisUri = redisServer.uri();
        } else {
            redisUri = config.redisUri();
        }

        // The logger and the query API each get their own clients, built from their own settings by
        // the same factories as in their Lambdas (only the store locations are cdr-local's).
        loggerConfig = loggerConfig.withStores(loggerConfig.stores().withMongoUri(mongoUri).withRedisUri(redisUri));
        MongoClient loggerMongo = StoreClients.mongo(loggerConfig.stores(), CdrLogger.APPLICATION_NAME);
        started.push(loggerMongo);
        RedisClient loggerRedis = StoreClients.redis(loggerConfig.stores());
        started.push(loggerRedis::shutdown);
        if (!config.embeddedMongo()) {
            health.probe(MONGODB, () -> {
                loggerMongo.getDatabase("admin").runCommand(new Document("ping", 1));
                return HealthBoard.Report.UP;
            });
        }
        if (!config.embeddedRedis()) {
            health.probe(LocalRedisServer.COMPONENT, () -> {
                try (var connection = loggerRedis.connect()) {
                    connection.sync().ping();
                }
                return HealthBoard.Report.UP;
            });
        }

        // counters that heal themselves: rebuilt in-process whenever the marker says Redis lost them
        counterGuard = CounterGuard.start(new CounterHeal(loggerMongo.getDatabase(loggerConfig.mongoDatabase()),
                new RedisConnector(loggerRedis), loggerConfig, clock), health);
        started.push(counterGuard);

        Runnable commit = mongoStore == null ? () -> { } : mongoStore::commit;
        SnsEventHandler handler = new SnsEventHandler(logger(loggerMongo.getDatabase(loggerConfig.mongoDatabase()),
                loggerRedis, clock, loggerConfig, commit));
        SnsEndpointConfig snsConfig = SnsEndpointConfig.fromEnv(env).withPort(config.snsPort());
        sns = new SnsEndpoint(snsConfig, new LoggerSink(handler, commit), clock);
        Ports.requireFree("The SNS endpoint", snsConfig.host(), config.snsPort(), "LOCAL_SNS_PORT");
        sns.start();
        started.push(sns);
        health.up(SNS_ENDPOINT);

        queryConfig = new QueryConfig(queryConfig.stores().withMongoUri(mongoUri).withRedisUri(redisUri),
                queryConfig.cursorSecret());
        MongoClient queryMongo = StoreClients.mongo(queryConfig.stores(), QueryConfig.APPLICATION_NAME);
        started.push(queryMongo);
        RedisClient queryRedis = queryConfig.redisClient();
        started.push(queryRedis::shutdown);
        QueryApi queryApi = QueryApi.create(queryMongo.getDatabase(queryConfig.mongoDatabase()), queryRedis,
                queryConfig.cursorSecret(), clock);
        http = LocalHttpApi.start(queryApi, health, config.host(), config.httpPort());
        started.push(http);
        health.up(HTTP_API);

        if (config.bridgeEnabled()) {
            startBridge(env, clock);
        }
    }

    /**
     * The cdr-logger as {@link CdrLogger#create} builds it, except that each write to the embedded
     * store is committed to disk before the calls are counted in Redis (see {@link CommittingCallRecordStore}).
     */
    static CdrLogger logger(MongoDatabase database, RedisClient redis, Clock clock, LoggerConfig config, Runnable commit) {
        return CdrLogger.create(database, redis, clock, config, new EmfCdrLoggerMetrics(),
                store -> new CommittingCallRecordStore(store, commit));
    }

    private void startBridge(Map<String, String> env, Clock clock) throws Exception {
        Map<String, String> bridgeEnv = new HashMap<>(env);
        bridgeEnv.putIfAbsent("SNS_TOPIC_ARN", CALL_EVENTS_TOPIC_ARN);
        bridgeEnv.putIfAbsent("SPOOL_DIR", config.dataDir().resolve("spool").toString());
        URI endpoint = sns.endpointUri();
        BridgeConfig bridgeConfig = BridgeConfig.fromEnv(bridgeEnv)
                .withPorts(config.pbxPort(), config.bridgeHealthPort())
                .withSnsEndpoint(Optional.of(endpoint));
        Ports.requireFree("The avaya-bridge", bridgeConfig.listenAddress(), config.pbxPort(), "NET_SOCKET_PORT");
        Ports.requireFree("The avaya-bridge health endpoint", bridgeConfig.healthAddress(), config.bridgeHealthPort(),
                "BRIDGE_HEALTH_PORT");
        SnsClient snsClient = SnsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        started.push(snsClient);
        bridge = new AvayaBridge(bridgeConfig, snsClient, clock).start();
        started.push(bridge);
        AvayaBridge running = bridge;
        // the bridge retries its sinks by itself (degraded = recovering); a spool it cannot write is down
        health.probe(AVAYA_BRIDGE, () -> {
            HealthReport report = running.health();
            return switch (report.status()) {
                case OK -> HealthBoard.Report.UP;
                case DEGRADED -> new HealthBoard.Report(HealthBoard.Status.RECOVERING, report.lastError());
                case FAILING -> HealthBoard.Report.down(report.lastError());
            };
        });
    }

    public int snsPort() {
        return sns.port();
    }

    public int httpPort() {
        return http.port();
    }

    public int pbxPort() {
        return bridge == null ? -1 : bridge.pbxPort();
    }

    public int bridgeHealthPort() {
        return bridge == null ? -1 : bridge.healthPort();
    }

    /** The embedded MongoDB store, or null when {@code MONGODB_URI} is set (tests read its counters). */
    LocalMongoStore mongoStore() {
        return mongoStore;
    }

    public String mongoUri() {
        return mongoUri;
    }

    public String redisUri() {
        return redisUri;
    }

    /** What {@code GET /health} reports. */
    HealthBoard health() {
        return health;
    }

    /** The embedded redis-server, or null when {@code REDIS_URL} / {@code REDIS_HOST} is set. */
    LocalRedisServer redisServer() {
        return redisServer;
    }

    /** What a user reads at start: where everything listens, and one thing to try. */
    String banner(long readyMillis) {
        String api = "http://" + config.host() + ":" + httpPort();
        StringBuilder text = new StringBuilder();
        text.append("cdr-local ready in ").append(readyMillis).append(" ms\n");
        text.append("  SNS endpoint   ").append(sns.endpointUri()).append("   topic ").append(CALL_EVENTS_TOPIC_ARN).append('\n');
        text.append("  HTTP API       ").append(api).append('\n');
        text.append("  Dashboard      ").append(api).append("/   (open in a browser)\n");
        if (bridge != null) {
            text.append("  avaya-bridge   tcp ").append(bridge.config().listenAddress()).append(':').append(pbxPort())
                    .append("   health http://").append(config.host()).append(':').append(bridgeHealthPort())
                    .append("/health\n");
        }
        text.append("  MongoDB        ").append(mongoUri).append(config.embeddedMongo() ? "  (embedded, data in "
                + config.dataDir().resolve("mongo") + ")" : "  (external)").append('\n');
        text.append("  Redis          ").append(redisUri).append(config.embeddedRedis() ? "  (embedded, data in "
                + config.dataDir().resolve("redis") + ")" : "  (external)").append('\n');
        text.append("Try:\n");
        text.append("  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 \\\n")
                .append("  aws --endpoint-url ").append(sns.endpointUri())
                .append(" sns publish --topic-arn ").append(CALL_EVENTS_TOPIC_ARN)
                .append(" --message '{\"callId\":\"demo-1\",\"campaignId\":\"demo\",\"eventType\":\"call_initiated\",")
                .append("\"timestamp\":\"2024-01-15T10:35:00Z\"}'\n");
        text.append("  curl ").append(api).append("/calls/demo-1\n");
        text.append("  curl ").append(api).append("/campaigns/demo/live\n");
        text.append("  curl ").append(api).append("/campaigns/demo/stats\n");
        return text.toString();
    }

    /** Bridge first (it drains its spool into the SNS endpoint), then the endpoint, API, clients, stores. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
