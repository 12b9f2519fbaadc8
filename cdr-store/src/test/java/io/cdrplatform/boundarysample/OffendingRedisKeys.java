package io.cdrplatform.boundarysample;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/**
 * The Redis schema spelled outside cdr-store, one way each ({@code StoreBoundaryRuleTest} proves that
 * the source scan reports every one). Never used by production code.
 */
public final class OffendingRedisKeys {

    /** A Lua script that builds the counter keys itself. */
    static final String SCRIPT = """
            local total = 'campaign:' .. ARGV[1] .. ':total_attempts'
            redis.call('HSET', KEYS[1], 'v', ARGV[2])
            """;

    private OffendingRedisKeys() {
    }

    public static String counterKey(String campaignId) {
        return "campaign:" + campaignId + ":answered";
    }

    public static String actionKey(String prefix, String type) {
        return prefix + ":action:" + type;
    }

    public static String callStateKey(String callId) {
        return "cdr-logger:call:" + callId;
    }

    public static String indexKey() {
        return "campaigns:last_activity";
    }

    public static String lastActivity(RedisCommands<String, String> redis, String prefix) {
        return redis.get(prefix + "last_activity");
    }

    public static Map<String, String> callState(RedisCommands<String, String> redis, String key) {
        return Map.of("m", redis.hget(key, "c"));
    }
}
