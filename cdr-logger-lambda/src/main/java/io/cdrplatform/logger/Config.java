package io.cdrplatform.logger;

import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The cdr-logger's settings, read once per container from the environment. A malformed value is
 * a clear startup error naming the variable.
 *
 * @param mongoUri            {@code MONGODB_URI}
 * @param mongoDatabase       {@code MONGODB_DATABASE}
 * @param retentionDays       {@code CDR_RETENTION_DAYS}: the TTL index on {@code createdAt}
 * @param tariff              {@code COST_PER_MINUTE} and {@code BILLING_INCREMENT}
 * @param redisUri            {@code REDIS_URL}, else built from {@code REDIS_HOST} / {@code REDIS_PORT}
 * @param mongoTimeout        {@code MONGODB_TIMEOUT_MS}: server selection and connect timeout
 * @param redisConnectTimeout {@code REDIS_CONNECT_TIMEOUT_MS}
 * @param redisCommandTimeout {@code REDIS_COMMAND_TIMEOUT_MS}: for a whole pipelined batch
 * @param callStateTtl        {@code REDIS_CALL_STATE_TTL_DAYS}: how long the per-call applied-state hash lives
 * @param versionIndex        {@code CALL_RECORDS_VERSION_INDEX}: also index {@code {_id, version}}, for
 *                            mongo-java-server (cdr-local's embedded store), whose planner needs it
 * @param mongoReadParallelism {@code MONGODB_READ_PARALLELISM}: at most this many {@code find}s at once
 *                            for one batch's read of its calls (1: a single {@code find}), and as many bulk writes at once for its write
 */
public record Config(
        String mongoUri,
        String mongoDatabase,
        int retentionDays,
        Tariff tariff,
        String redisUri,
        Duration mongoTimeout,
        Duration redisConnectTimeout,
        Duration redisCommandTimeout,
        Duration callStateTtl,
        boolean versionIndex,
        int mongoReadParallelism) {

    public static final String DEFAULT_MONGODB_URI = "mongodb://127.0.0.1:27017";
    public static final String DEFAULT_DATABASE = "campaign_system";
    public static final int DEFAULT_RETENTION_DAYS = 365;
    public static final int DEFAULT_REDIS_PORT = 6379;
    /** Longer than SQS's longest retention (14 days), so a redelivery always finds the hash. */
    public static final int DEFAULT_CALL_STATE_TTL_DAYS = 15;
    public static final int DEFAULT_MONGODB_READ_PARALLELISM = MongoCallRecordStore.DEFAULT_READ_PARALLELISM;

    public Config {
        Objects.requireNonNull(mongoUri, "mongoUri");
        Objects.requireNonNull(mongoDatabase, "mongoDatabase");
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(redisUri, "redisUri");
    }

    public static Config fromEnv(Map<String, String> env) {
        String redisUri = text(env, "REDIS_URL", null);
        if (redisUri == null) {
            String host = text(env, "REDIS_HOST", "localhost");
            int port = integer(env, "REDIS_PORT", DEFAULT_REDIS_PORT, 1, 65535);
            redisUri = "redis://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        } else if (!redisUri.startsWith("redis://") && !redisUri.startsWith("rediss://")) {
            throw new IllegalArgumentException("REDIS_URL must start with redis:// or rediss://");
        }
        Tariff tariff = Tariff.parse(text(env, "COST_PER_MINUTE", "0.01"), text(env, "BILLING_INCREMENT", "60/60"));
        return new Config(
                text(env, "MONGODB_URI", DEFAULT_MONGODB_URI),
                text(env, "MONGODB_DATABASE", DEFAULT_DATABASE),
                integer(env, "CDR_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1, 36500),
                tariff,
                redisUri,
                Duration.ofMillis(integer(env, "MONGODB_TIMEOUT_MS", 5000, 100, 600_000)),
                Duration.ofMillis(integer(env, "REDIS_CONNECT_TIMEOUT_MS", 1000, 50, 60_000)),
                Duration.ofMillis(integer(env, "REDIS_COMMAND_TIMEOUT_MS", 2000, 50, 60_000)),
                Duration.ofDays(integer(env, "REDIS_CALL_STATE_TTL_DAYS", DEFAULT_CALL_STATE_TTL_DAYS, 1, 3650)),
                bool(env, "CALL_RECORDS_VERSION_INDEX", false),
                integer(env, "MONGODB_READ_PARALLELISM", DEFAULT_MONGODB_READ_PARALLELISM, 1, 16));
    }

    /** The same settings with another tariff (for hosts that pass their own). */
    public Config withTariff(Tariff other) {
        return new Config(mongoUri, mongoDatabase, retentionDays, other, redisUri, mongoTimeout, redisConnectTimeout,
                redisCommandTimeout, callStateTtl, versionIndex, mongoReadParallelism);
    }

    /** The TTL index's {@code expireAfterSeconds}. */
    public long retentionSeconds() {
        return retentionDays * 86_400L;
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = text(env, name, null);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = text(env, name, null);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    @Override
    public String toString() {
        // REDIS_URL and MONGODB_URI may carry credentials: never print them.
        return "Config[mongoDatabase=" + mongoDatabase + ", retentionDays=" + retentionDays + ", tariff=" + tariff
                + ", mongoTimeout=" + mongoTimeout + ", redisConnectTimeout=" + redisConnectTimeout
                + ", redisCommandTimeout=" + redisCommandTimeout + ", callStateTtl=" + callStateTtl
                + ", versionIndex=" + versionIndex + ", mongoReadParallelism=" + mongoReadParallelism + "]";
    }
}
