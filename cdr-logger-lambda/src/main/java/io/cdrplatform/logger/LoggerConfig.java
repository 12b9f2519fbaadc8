package io.cdrplatform.logger;

import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.store.clients.EnvironmentVariables;
import io.cdrplatform.store.clients.StoreSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The cdr-logger's settings (and {@code rebuild-counters}'), read once per container from the
 * environment: where the stores are ({@link StoreSettings}, read as every module reads them) and
 * the logger's own variables. A malformed value is a clear startup error naming the variable.
 *
 * @param stores               {@code MONGODB_URI}, {@code MONGODB_DATABASE}, {@code MONGODB_TIMEOUT_MS},
 *                             {@code REDIS_URL} or {@code REDIS_HOST} / {@code REDIS_PORT}, the Redis timeouts
 * @param retentionDays        {@code CDR_RETENTION_DAYS}: the TTL index on {@code createdAt}
 * @param tariff               {@code COST_PER_MINUTE} and {@code BILLING_INCREMENT}
 * @param callStateTtl         {@code REDIS_CALL_STATE_TTL_DAYS}: how long the per-call applied-state hash lives
 * @param versionIndex         {@code CALL_RECORDS_VERSION_INDEX}: also index {@code {_id, version}}, for
 *                             mongo-java-server (cdr-local's embedded store), whose planner needs it
 * @param mongoReadParallelism {@code MONGODB_READ_PARALLELISM}: at most this many {@code find}s at once
 *                             for one batch's read of its calls (1: a single {@code find}), and as many bulk writes at once for its write
 * @param ratesRefresh         {@code RATES_REFRESH_SECONDS}: how old the cached rate table ({@code rates}) may grow
 *                             before a batch reads it again (0: every batch)
 */
public record LoggerConfig(
        StoreSettings stores,
        int retentionDays,
        Tariff tariff,
        Duration callStateTtl,
        boolean versionIndex,
        int mongoReadParallelism,
        Duration ratesRefresh) {

    public static final int DEFAULT_RETENTION_DAYS = 365;
    /** Longer than SQS's longest retention (14 days), so a redelivery always finds the hash. */
    public static final int DEFAULT_CALL_STATE_TTL_DAYS = 15;
    public static final int DEFAULT_MONGODB_READ_PARALLELISM = MongoCallRecordStore.DEFAULT_READ_PARALLELISM;
    public static final int DEFAULT_RATES_REFRESH_SECONDS = 60;

    public LoggerConfig {
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(callStateTtl, "callStateTtl");
        Objects.requireNonNull(ratesRefresh, "ratesRefresh");
    }

    public static LoggerConfig fromEnv(Map<String, String> env) {
        EnvironmentVariables variables = new EnvironmentVariables(env);
        StoreSettings stores = StoreSettings.from(variables);
        Tariff tariff = Tariff.parse(variables.text("COST_PER_MINUTE", "0.01"), variables.text("BILLING_INCREMENT", "60/60"));
        return new LoggerConfig(
                stores,
                variables.integer("CDR_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1, 36500),
                tariff,
                Duration.ofDays(variables.integer("REDIS_CALL_STATE_TTL_DAYS", DEFAULT_CALL_STATE_TTL_DAYS, 1, 3650)),
                variables.bool("CALL_RECORDS_VERSION_INDEX", false),
                variables.integer("MONGODB_READ_PARALLELISM", DEFAULT_MONGODB_READ_PARALLELISM, 1, 16),
                Duration.ofSeconds(variables.integer("RATES_REFRESH_SECONDS", DEFAULT_RATES_REFRESH_SECONDS, 0, 86_400)));
    }

    /** The same settings with another tariff (for hosts that pass their own). */
    public LoggerConfig withTariff(Tariff other) {
        return new LoggerConfig(stores, retentionDays, other, callStateTtl, versionIndex, mongoReadParallelism,
                ratesRefresh);
    }

    /** The same settings with other store locations (cdr-local's embedded stores). */
    public LoggerConfig withStores(StoreSettings other) {
        return new LoggerConfig(other, retentionDays, tariff, callStateTtl, versionIndex, mongoReadParallelism,
                ratesRefresh);
    }

    /** The same settings with another rate-table refresh period (tests, cdr-local). */
    public LoggerConfig withRatesRefresh(Duration other) {
        return new LoggerConfig(stores, retentionDays, tariff, callStateTtl, versionIndex, mongoReadParallelism, other);
    }

    /** The TTL index's {@code expireAfterSeconds}. */
    public long retentionSeconds() {
        return retentionDays * 86_400L;
    }

    public String mongoUri() {
        return stores.mongoUri();
    }

    public String mongoDatabase() {
        return stores.mongoDatabase();
    }

    public Duration mongoTimeout() {
        return stores.mongoTimeout();
    }

    public String redisUri() {
        return stores.redisUri();
    }

    public Duration redisConnectTimeout() {
        return stores.redisConnectTimeout();
    }

    /** For a whole pipelined batch. */
    public Duration redisCommandTimeout() {
        return stores.redisCommandTimeout();
    }

    @Override
    public String toString() {
        // REDIS_URL and MONGODB_URI may carry credentials: never print them (StoreSettings does not).
        return "LoggerConfig[" + stores + ", retentionDays=" + retentionDays + ", tariff=" + tariff
                + ", callStateTtl=" + callStateTtl + ", versionIndex=" + versionIndex
                + ", mongoReadParallelism=" + mongoReadParallelism + ", ratesRefresh=" + ratesRefresh + "]";
    }
}
