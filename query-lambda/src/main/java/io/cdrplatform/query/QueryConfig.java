package io.cdrplatform.query;

import io.cdrplatform.store.clients.EnvironmentVariables;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.store.clients.StoreSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The query API's settings, read from the environment once per cold start: where the stores are
 * ({@link StoreSettings}, read as every module reads them) and the query's own variables.
 *
 * @param stores       {@code MONGODB_URI}, {@code MONGODB_DATABASE}, {@code MONGODB_TIMEOUT_MS},
 *                     {@code REDIS_URL} or {@code REDIS_HOST} / {@code REDIS_PORT}, the Redis timeouts
 * @param cursorSecret {@code CURSOR_SECRET}: the HMAC key that signs page cursors
 */
public record QueryConfig(StoreSettings stores, String cursorSecret) {

    /**
     * Used when {@code CURSOR_SECRET} is unset. A cursor carries no authority (only a position in a
     * query the caller may run anyway), so a public default still rejects malformed and accidentally
     * altered cursors; set a secret of your own so that crafted ones are rejected too.
     */
    public static final String DEFAULT_CURSOR_SECRET = "cdr-platform-query-cursor-v1";
    static final int MIN_SECRET_LENGTH = 16;
    /** How the query API's MongoDB connections name themselves to the server. */
    public static final String APPLICATION_NAME = "cdr-query";

    public QueryConfig {
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(cursorSecret, "cursorSecret");
    }

    public static QueryConfig fromEnv(Map<String, String> env) {
        EnvironmentVariables variables = new EnvironmentVariables(env);
        StoreSettings stores = StoreSettings.from(variables);
        String secret = variables.text("CURSOR_SECRET");
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("CURSOR_SECRET must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        return new QueryConfig(stores, secret == null ? DEFAULT_CURSOR_SECRET : secret);
    }

    public String mongoUri() {
        return stores.mongoUri();
    }

    public String mongoDatabase() {
        return stores.mongoDatabase();
    }

    /** The timeout of one Redis command ({@code /live}'s reads). */
    public Duration redisTimeout() {
        return stores.redisCommandTimeout();
    }

    /** The Redis the settings name, with the command timeout. */
    public RedisURI redisUri() {
        RedisURI uri = RedisURI.create(stores.redisUri());
        uri.setTimeout(stores.redisCommandTimeout());
        return uri;
    }

    /** A Redis client built the way every module builds one ({@link StoreClients#redis}). */
    public RedisClient redisClient() {
        return StoreClients.redis(stores);
    }

    @Override
    public String toString() {
        // never log the secrets (cursor key, passwords in URIs)
        return "QueryConfig[" + stores + "]";
    }
}
