package io.cdrplatform.local;

import io.cdrplatform.store.clients.StoreSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * cdr-local's own settings (CONTRACT section 6). The pieces it runs read theirs from the same
 * environment: the cdr-logger ({@code COST_PER_MINUTE}, ...), the query API ({@code CURSOR_SECRET}),
 * the bridge ({@code PBX_TIMEZONE}, ...), and all of them the stores' ({@link StoreSettings}).
 *
 * @param mongoUri an external MongoDB ({@code MONGODB_URI}), or null for the embedded store
 * @param redisUri an external Redis ({@code REDIS_URL}, else {@code REDIS_HOST} / {@code REDIS_PORT},
 *                 read and checked as {@link StoreSettings} reads them), or null for the embedded redis-server
 */
record LocalConfig(
        Path dataDir,
        String host,
        int mongoPort,
        int redisPort,
        int snsPort,
        int httpPort,
        int pbxPort,
        int bridgeHealthPort,
        String mongoUri,
        String redisUri,
        boolean bridgeEnabled) {

    static final String LOOPBACK = "127.0.0.1";

    static LocalConfig fromEnv(Map<String, String> env) {
        return new LocalConfig(
                Path.of(env.getOrDefault("DATA_DIR", "./cdr-data")),
                LOOPBACK,
                port(env, "LOCAL_MONGO_PORT", 27017),
                port(env, "LOCAL_REDIS_PORT", 6379),
                port(env, "LOCAL_SNS_PORT", 4566),
                port(env, "LOCAL_HTTP_PORT", 8080),
                port(env, "NET_SOCKET_PORT", 9000),
                port(env, "BRIDGE_HEALTH_PORT", 8081),
                blankToNull(env.get("MONGODB_URI")),
                StoreSettings.configuredRedisUri(env),
                !"false".equalsIgnoreCase(env.getOrDefault("LOCAL_BRIDGE", "true")));
    }

    boolean embeddedMongo() {
        return mongoUri == null;
    }

    boolean embeddedRedis() {
        return redisUri == null;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number 0-65535, not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
