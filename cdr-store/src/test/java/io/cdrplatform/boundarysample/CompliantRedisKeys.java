package io.cdrplatform.boundarysample;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/**
 * The same needs as {@link OffendingRedisKeys}, met through cdr-store; and the words of the keys where
 * they are not keys (outcomes, API JSON names, comments such as "campaign:{id}:answered"). The rule
 * must let all of it pass. Never used by production code.
 */
public final class CompliantRedisKeys {

    private CompliantRedisKeys() {
    }

    public static String counterKey(String campaignId) {
        return CounterKeys.counter(campaignId, Counter.ANSWERED);
    }

    public static String callStateKey(String callId) {
        // the hash "cdr-logger:call:<id>" with its fields v, c, m, a
        return CallStateHash.key(callId);
    }

    public static Map<String, String> callState(RedisCommands<String, String> redis, String callId) {
        return redis.hgetall(CallStateHash.key(callId));
    }

    /** Outcome words and JSON names are not keys, and a plain label with a colon is no key tail. */
    public static Map<String, Object> liveJson(long answered) {
        return Map.of("totalAttempts", answered, "answered", answered, "outcome", "no_answer",
                "label", "status: busy");
    }
}
