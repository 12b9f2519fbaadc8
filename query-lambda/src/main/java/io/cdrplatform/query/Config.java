package io.cdrplatform.query;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The query Lambda's settings, read from the environment once per cold start.
 *
 * @param redisUrl     {@code REDIS_URL} ({@code redis://} or {@code rediss://}, with an auth token), or null
 * @param cursorSecret {@code CURSOR_SECRET}: the HMAC key that signs page cursors
 */
public record Config(
        String mongoUri,
        String mongoDatabase,
        String redisUrl,
        String redisHost,
        int redisPort,
        Duration redisTimeout,
        String cursorSecret) {

    public static final String DEFAULT_MONGODB_URI = "mongodb://127.0.0.1:27017";
    public static final String DEFAULT_DATABASE = "campaign_system";
    /**
     * Used when {@code CURSOR_SECRET} is unset. A cursor carries no authority (only a position in a
     * query the caller may run anyway), so a public default still rejects malformed and accidentally
     * altered cursors; set a secret of your own so that crafted ones are rejected too.
     */
    public static final String DEFAULT_CURSOR_SECRET = "cdr-platform-query-cursor-v1";
    static final int MIN_SECRET_LENGTH = 16;

    public static Config fromEnv(Map<String, String> env) {
        String redisUrl = blankToNull(env.get("REDIS_URL"));
        if (redisUrl != null && !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            throw new IllegalArgumentException("REDIS_URL must start with redis:// or rediss://");
        }
        String secret = blankToNull(env.get("CURSOR_SECRET"));
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("CURSOR_SECRET must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        return new Config(
                orDefault(env.get("MONGODB_URI"), DEFAULT_MONGODB_URI),
                orDefault(env.get("MONGODB_DATABASE"), DEFAULT_DATABASE),
                redisUrl,
                orDefault(env.get("REDIS_HOST"), "localhost"),
                integer(env, "REDIS_PORT", 6379, 1, 65535),
                Duration.ofMillis(integer(env, "REDIS_TIMEOUT_MS", 1000, 1, 60_000)),
                secret == null ? DEFAULT_CURSOR_SECRET : secret);
    }

    /** {@code REDIS_URL} when set, else {@code redis://REDIS_HOST:REDIS_PORT}; with the timeout. */
    public RedisURI redisUri() {
        RedisURI uri = redisUrl != null ? RedisURI.create(redisUrl) : RedisURI.Builder.redis(redisHost, redisPort).build();
        uri.setTimeout(redisTimeout);
        return uri;
    }

    /**
     * A Redis client with short timeouts that fails commands at once while disconnected (so an
     * outage is a quick 503, not a queue of waiting requests) and reconnects in the background.
     */
    public RedisClient redisClient() {
        RedisClient client = RedisClient.create(redisUri());
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(redisTimeout).build())
                .timeoutOptions(TimeoutOptions.enabled(redisTimeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .build());
        return client;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orDefault(String value, String fallback) {
        String given = blankToNull(value);
        return given == null ? fallback : given;
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        // never log the secrets (cursor key, passwords in URIs)
        return "Config[mongoDatabase=" + mongoDatabase + ", redis=" + (redisUrl != null ? "REDIS_URL" : redisHost + ":" + redisPort)
                + ", redisTimeout=" + redisTimeout + "]";
    }
}
