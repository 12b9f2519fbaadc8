package io.cdrplatform.store.clients;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where the stores are and how long to wait for them: the one reader of the MongoDB and Redis
 * variables, used by the cdr-logger, {@code rebuild-counters}, the query API and cdr-local alike.
 * A malformed value is a clear startup error naming the variable.
 *
 * @param mongoUri            {@code MONGODB_URI}
 * @param mongoDatabase       {@code MONGODB_DATABASE}
 * @param mongoTimeout        {@code MONGODB_TIMEOUT_MS}: server selection and connect timeout
 * @param redisUri            {@code REDIS_URL} ({@code redis://} or {@code rediss://}, with an auth
 *                            token), else {@code redis://REDIS_HOST:REDIS_PORT} (an IPv6 host bracketed)
 * @param redisConnectTimeout {@code REDIS_CONNECT_TIMEOUT_MS}, else {@code REDIS_TIMEOUT_MS}
 * @param redisCommandTimeout {@code REDIS_COMMAND_TIMEOUT_MS}, else {@code REDIS_TIMEOUT_MS}: for one
 *                            command or one pipelined batch
 */
public record StoreSettings(
        String mongoUri,
        String mongoDatabase,
        Duration mongoTimeout,
        String redisUri,
        Duration redisConnectTimeout,
        Duration redisCommandTimeout) {

    public static final String DEFAULT_MONGODB_URI = "mongodb://127.0.0.1:27017";
    public static final String DEFAULT_DATABASE = "campaign_system";
    public static final String DEFAULT_REDIS_HOST = "localhost";
    public static final int DEFAULT_REDIS_PORT = 6379;
    public static final int DEFAULT_MONGODB_TIMEOUT_MS = 5000;
    public static final int DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 1000;
    public static final int DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2000;

    public StoreSettings {
        Objects.requireNonNull(mongoUri, "mongoUri");
        Objects.requireNonNull(mongoDatabase, "mongoDatabase");
        Objects.requireNonNull(mongoTimeout, "mongoTimeout");
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(redisConnectTimeout, "redisConnectTimeout");
        Objects.requireNonNull(redisCommandTimeout, "redisCommandTimeout");
    }

    public static StoreSettings fromEnv(Map<String, String> env) {
        return from(new EnvironmentVariables(env));
    }

    public static StoreSettings from(EnvironmentVariables env) {
        String redisUri = redisUri(env);
        if (redisUri == null) {
            redisUri = hostAndPort(env.text("REDIS_HOST", DEFAULT_REDIS_HOST), redisPort(env));
        }
        int bothRedisTimeouts = env.integer("REDIS_TIMEOUT_MS", -1, 1, 60_000);
        return new StoreSettings(
                env.text("MONGODB_URI", DEFAULT_MONGODB_URI),
                env.text("MONGODB_DATABASE", DEFAULT_DATABASE),
                Duration.ofMillis(env.integer("MONGODB_TIMEOUT_MS", DEFAULT_MONGODB_TIMEOUT_MS, 100, 600_000)),
                redisUri,
                Duration.ofMillis(env.integer("REDIS_CONNECT_TIMEOUT_MS",
                        bothRedisTimeouts > 0 ? bothRedisTimeouts : DEFAULT_REDIS_CONNECT_TIMEOUT_MS, 1, 60_000)),
                Duration.ofMillis(env.integer("REDIS_COMMAND_TIMEOUT_MS",
                        bothRedisTimeouts > 0 ? bothRedisTimeouts : DEFAULT_REDIS_COMMAND_TIMEOUT_MS, 1, 60_000)));
    }

    /**
     * The Redis the environment names, or null when it names none: {@code REDIS_URL} when set, else
     * {@code REDIS_HOST} / {@code REDIS_PORT} when {@code REDIS_HOST} is set (cdr-local starts its
     * embedded redis-server otherwise).
     */
    public static String configuredRedisUri(Map<String, String> env) {
        EnvironmentVariables variables = new EnvironmentVariables(env);
        String url = redisUri(variables);
        if (url != null) {
            return url;
        }
        String host = variables.text("REDIS_HOST");
        return host == null ? null : hostAndPort(host, redisPort(variables));
    }

    /** The same settings with another MongoDB URI (cdr-local's embedded store). */
    public StoreSettings withMongoUri(String uri) {
        return new StoreSettings(uri, mongoDatabase, mongoTimeout, redisUri, redisConnectTimeout, redisCommandTimeout);
    }

    /** The same settings with another Redis URI (cdr-local's embedded redis-server). */
    public StoreSettings withRedisUri(String uri) {
        return new StoreSettings(mongoUri, mongoDatabase, mongoTimeout, uri, redisConnectTimeout, redisCommandTimeout);
    }

    private static String redisUri(EnvironmentVariables env) {
        String url = env.text("REDIS_URL");
        if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("REDIS_URL must start with redis:// or rediss://");
        }
        return url;
    }

    private static int redisPort(EnvironmentVariables env) {
        return env.integer("REDIS_PORT", DEFAULT_REDIS_PORT, 1, 65535);
    }

    private static String hostAndPort(String host, int port) {
        return "redis://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        // REDIS_URL and MONGODB_URI may carry credentials: never print them.
        return "StoreSettings[mongoDatabase=" + mongoDatabase + ", mongoTimeout=" + mongoTimeout
                + ", redisConnectTimeout=" + redisConnectTimeout + ", redisCommandTimeout=" + redisCommandTimeout + "]";
    }
}
