package io.cdrplatform.logger.redis;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterOverwrite;
import io.cdrplatform.core.counter.CounterRebuild;
import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
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
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CounterOverwrite} on Redis, for {@code rebuild-counters}: a campaign's counter keys are set
 * with one MSET (its stale action keys, found by SCAN, deleted first), its action-type index is
 * replaced in one script and {@code last_activity} is raised by {@link CounterScript#LAST_ACTIVITY}
 * (which sets the campaign's entry in the campaign index to the value the key ends with); a whole
 * rebuild ends with {@link #reindexCampaigns};
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
            // last_activity only moves forward, even here; the campaign index takes the value it ends with.
            sync.eval(CounterScript.LAST_ACTIVITY, ScriptOutputType.INTEGER, CounterScript.lastActivityKeys(campaignId),
                    CounterScript.lastActivityArguments(campaignId, counts.lastActivity().toEpochMilli()));
        } else {
            sync.eval(CounterScript.INDEX_CAMPAIGN, ScriptOutputType.INTEGER, CounterScript.lastActivityKeys(campaignId),
                    campaignId);
        }
    }

    /** What {@link #reindexCampaigns} did: campaigns now in the index, entries removed. */
    public record Reindexed(long indexed, long removed) {
    }

    /**
     * The whole rebuild's last step: makes the campaign index {@link CounterKeys#campaignIndex} list
     * exactly the campaigns that have a {@code last_activity} key, each at that key's value. It adds
     * the campaigns no call record names any more (records expired) and those whose counters a logger
     * without the index wrote, and removes entries without a key. The campaigns are found by a SCAN of
     * the {@code last_activity} keys plus a ZSCAN of the index (this command's one pass over the
     * keyspace; readers never scan); each entry is then set by {@link CounterScript#INDEX_CAMPAIGN},
     * atomically with a read of its key, so a logger writing meanwhile is never undone. Ids ending in
     * {@code :action} are left as they are (see {@link CounterKeys#isIndexableFromKeyName}).
     */
    public Reindexed reindexCampaigns() {
        RedisCommands<String, String> sync = redis.sync();
        Set<String> campaigns = new TreeSet<>();
        ScanArgs match = ScanArgs.Builder.matches(CounterKeys.lastActivity("*")).limit(SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, match);
            for (String key : page.getKeys()) {
                String campaignId = CounterKeys.campaignOfLastActivity(key);
                if (campaignId != null && IdRule.ID.matches(campaignId) && CounterKeys.isIndexableFromKeyName(campaignId)) {
                    campaigns.add(campaignId);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        cursor = ScanCursor.INITIAL;
        do {
            ScoredValueScanCursor<String> page = sync.zscan(CounterKeys.campaignIndex(), cursor,
                    ScanArgs.Builder.limit(SCAN_COUNT));
            for (ScoredValue<String> entry : page.getValues()) {
                if (CounterKeys.isIndexableFromKeyName(entry.getValue())) {
                    campaigns.add(entry.getValue());
                }
            }
            cursor = page;
        } while (!cursor.isFinished());

        long indexed = 0;
        List<String> all = new ArrayList<>(campaigns);
        for (int from = 0; from < all.size(); from += CounterRebuild.CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CounterRebuild.CHUNK));
            RedisAsyncCommands<String, String> async = redis.async();
            List<RedisFuture<Long>> futures = new ArrayList<>(chunk.size());
            redis.setAutoFlushCommands(false);
            try {
                for (String campaignId : chunk) {
                    futures.add(async.eval(CounterScript.INDEX_CAMPAIGN, ScriptOutputType.INTEGER,
                            CounterScript.lastActivityKeys(campaignId), campaignId));
                }
                redis.flushCommands();
            } finally {
                redis.setAutoFlushCommands(true);
            }
            for (RedisFuture<Long> future : futures) {
                indexed += await(future, "indexing campaigns");
            }
        }
        return new Reindexed(indexed, campaigns.size() - indexed);
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
        long deadline = System.nanoTime() + chunkTimeoutNanos();
        for (RedisFuture<?> future : futures) {
            await(future, deadline, "writing per-call states");
        }
    }

    private long chunkTimeoutNanos() {
        return redisTimeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
    }

    private long await(RedisFuture<Long> future, String what) {
        Long answer = await(future, System.nanoTime() + chunkTimeoutNanos(), what);
        return answer == null ? 0 : answer;
    }

    private static <T> T await(RedisFuture<T> future, long deadline, String what) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " in Redis failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
