package io.cdrplatform.logger.redis;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterOverwrite;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CounterOverwrite} on Redis, for {@code rebuild-counters}: a campaign's counter keys are set
 * with one MSET (its stale action keys, found by SCAN, deleted first), its action-type index is
 * replaced in one script and {@code last_activity} is raised by {@link CounterScript#LAST_ACTIVITY};
 * per-call states are written as their {@link CallStateHash} (HSET + EXPIRE), a chunk pipelined at once.
 */
public final class RedisCounterOverwrite implements CounterOverwrite {

    /** Replaces the set KEYS[1] by the members ARGV (one SADD each: no unpack() stack limit). */
    static final String REPLACE_SET = "redis.call('DEL', KEYS[1]) "
            + "for i = 1, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end return #ARGV";
    private static final int SCAN_COUNT = 500;

    private final StatefulRedisConnection<String, String> redis;
    private final Duration redisTimeout;

    public RedisCounterOverwrite(StatefulRedisConnection<String, String> redis, Duration redisTimeout) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.redisTimeout = Objects.requireNonNull(redisTimeout, "redisTimeout");
    }

    @Override
    public void replaceCampaign(CampaignCounts counts) {
        RedisCommands<String, String> sync = redis.sync();
        String campaignId = counts.campaignId();
        Set<String> staleActionKeys = new HashSet<>();
        ScanArgs match = ScanArgs.Builder.matches(CounterKeys.action(campaignId, "*")).limit(SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, match);
            for (String key : page.getKeys()) {
                if (CounterKeys.actionTypeOf(campaignId, key) != null) {
                    staleActionKeys.add(key);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        Map<String, String> values = new TreeMap<>();
        for (Counter counter : Counter.values()) {
            values.put(CounterKeys.counter(campaignId, counter), Long.toString(counts.counters().get(counter)));
        }
        counts.actions().forEach((type, count) -> values.put(CounterKeys.action(campaignId, type), Long.toString(count)));
        staleActionKeys.removeAll(values.keySet());
        if (!staleActionKeys.isEmpty()) {
            sync.del(staleActionKeys.toArray(new String[0]));
        }
        sync.mset(values);
        // The action-type index: exactly the action keys that now exist (those with a count > 0),
        // plus the complete-marker; replaced in one script so a reader never sees it half-written.
        if (CounterKeys.hasActionTypesIndex(campaignId)) {
            List<String> members = new ArrayList<>(counts.actions().keySet());
            members.add(CounterKeys.ACTION_TYPES_COMPLETE_MARKER);
            sync.eval(REPLACE_SET, ScriptOutputType.INTEGER,
                    new String[] {CounterKeys.actionTypesIndex(campaignId)}, members.toArray(new String[0]));
        }
        if (counts.lastActivity() != null) {
            // last_activity only moves forward, even here.
            sync.eval(CounterScript.LAST_ACTIVITY, ScriptOutputType.INTEGER,
                    new String[] {CounterKeys.lastActivity(campaignId)},
                    Long.toString(counts.lastActivity().toEpochMilli()));
        }
    }

    @Override
    public void putCallStates(List<AppliedState> states) {
        if (states.isEmpty()) {
            return;
        }
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<?>> futures = new ArrayList<>(states.size() * 2);
        redis.setAutoFlushCommands(false);
        try {
            for (AppliedState state : states) {
                String key = CallStateHash.key(state.applied().callId());
                futures.add(async.hset(key, CallStateHash.values(state.applied())));
                futures.add(async.expire(key, state.ttlSeconds()));
            }
            redis.flushCommands();
        } finally {
            redis.setAutoFlushCommands(true);
        }
        long deadline = System.nanoTime() + redisTimeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
        for (RedisFuture<?> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("writing per-call states to Redis failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
