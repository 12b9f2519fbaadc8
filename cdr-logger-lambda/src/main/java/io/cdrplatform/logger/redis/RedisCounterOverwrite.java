package io.cdrplatform.logger.redis;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterOverwrite;
import io.cdrplatform.core.counter.CounterRebuild;
import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.store.redis.CounterKeys;
import io.cdrplatform.store.redis.CountersMarker;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CounterOverwrite} on Redis, for {@code rebuild-counters}: the marker is written with an
 * expiry while a rebuild runs ({@link CountersMarker}), a campaign is reset by one script (counters
 * 0, action keys and index emptied, its reset epoch {@link CounterKeys#resetEpoch} moved on), and the
 * calls are applied through the logger's own {@link CounterScript}, a chunk pipelined at once;
 * {@code last_activity} is raised by {@link CounterScript#LAST_ACTIVITY} (which sets the campaign's
 * entry in the campaign index to the value the key ends with), and a whole rebuild ends with
 * {@link #reindexCampaigns}.
 */
public final class RedisCounterOverwrite implements CounterOverwrite {

    /** How long a "being rebuilt" marker lives unless the rebuild extends it (it does every chunk). */
    static final Duration REBUILDING_MARK_TTL = Duration.ofMinutes(15);

    private static final int SCAN_COUNT = 500;

    private final StatefulRedisConnection<String, String> redis;
    private final Duration redisTimeout;
    private final CounterScript script = new CounterScript();
    private final String resetScript = resetScript();

    public RedisCounterOverwrite(StatefulRedisConnection<String, String> redis, Duration redisTimeout) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.redisTimeout = Objects.requireNonNull(redisTimeout, "redisTimeout");
    }

    @Override
    public String beginRebuild() {
        String id = Instant.now().toString() + "-" + UUID.randomUUID().toString().substring(0, 8);
        redis.sync().set(CounterKeys.marker(), CountersMarker.rebuilding(id),
                SetArgs.Builder.px(REBUILDING_MARK_TTL.toMillis()));
        return id;
    }

    @Override
    public void keepRebuilding(String rebuildId) {
        redis.sync().eval(EXTEND_IF_EQUAL, ScriptOutputType.INTEGER, new String[] {CounterKeys.marker()},
                CountersMarker.rebuilding(rebuildId), Long.toString(REBUILDING_MARK_TTL.toMillis()));
    }

    @Override
    public boolean finishRebuild(String rebuildId) {
        Long done = redis.sync().eval(REPLACE_IF_EQUAL, ScriptOutputType.INTEGER, new String[] {CounterKeys.marker()},
                CountersMarker.rebuilding(rebuildId), CountersMarker.whole(rebuildId));
        return done != null && done == 1;
    }

    @Override
    public void resetCampaign(String campaignId) {
        // action keys not in the index (a campaign without one, or counters of an older logger)
        List<String> arguments = new ArrayList<>();
        arguments.add(campaignId);
        arguments.addAll(actionKeys(campaignId));
        redis.sync().eval(resetScript, ScriptOutputType.INTEGER, new String[0], arguments.toArray(String[]::new));
    }

    @Override
    public CampaignCounts readCampaign(String campaignId) {
        RedisCommands<String, String> sync = redis.sync();
        Counter[] all = Counter.values();
        String[] keys = new String[all.length + 1];
        for (int i = 0; i < all.length; i++) {
            keys[i] = CounterKeys.counter(campaignId, all[i]);
        }
        keys[all.length] = CounterKeys.lastActivity(campaignId);
        List<KeyValue<String, String>> values = sync.mget(keys);
        Map<Counter, Long> counts = new EnumMap<>(Counter.class);
        for (int i = 0; i < all.length; i++) {
            counts.put(all[i], number(values.get(i)));
        }
        Map<String, Long> actions = new TreeMap<>();
        List<String> actionKeys = actionKeys(campaignId);
        if (!actionKeys.isEmpty()) {
            for (KeyValue<String, String> value : sync.mget(actionKeys.toArray(String[]::new))) {
                long count = number(value);
                if (count > 0) {
                    actions.put(CounterKeys.actionTypeOf(campaignId, value.getKey()), count);
                }
            }
        }
        KeyValue<String, String> last = values.get(all.length);
        return new CampaignCounts(campaignId, counts, actions, last.hasValue() ? Instant.ofEpochMilli(number(last)) : null);
    }

    private static long number(KeyValue<String, String> value) {
        try {
            return value.hasValue() ? Long.parseLong(value.getValue().trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The campaign's action counter keys, found by SCAN. */
    private List<String> actionKeys(String campaignId) {
        RedisCommands<String, String> sync = redis.sync();
        List<String> keys = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(CounterKeys.action(campaignId, "*")).limit(SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, match);
            for (String key : page.getKeys()) {
                if (CounterKeys.actionTypeOf(campaignId, key) != null) {
                    keys.add(key);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    @Override
    public void applyCallStates(List<AppliedState> states) {
        if (!states.isEmpty()) {
            RedisCallCounters.apply(redis, script, states, redisTimeout.plusSeconds(10));
        }
    }

    @Override
    public void raiseLastActivity(String campaignId, Instant lastActivity) {
        // last_activity only moves forward, even here; the campaign index takes the value it ends with.
        redis.sync().eval(CounterScript.LAST_ACTIVITY, ScriptOutputType.INTEGER, CounterScript.lastActivityKeys(campaignId),
                CounterScript.lastActivityArguments(campaignId, lastActivity.toEpochMilli()));
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

    /** PEXPIRE KEYS[1] by ARGV[2] ms when it holds ARGV[1]. */
    private static final String EXTEND_IF_EQUAL = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    /** SET KEYS[1] to ARGV[2] (no expiry) when it holds ARGV[1]. */
    private static final String REPLACE_IF_EQUAL = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0";

    /**
     * ARGV[1] the campaign, ARGV[2..] action keys found by SCAN: in one script, the campaign's reset
     * epoch moves on (so every applied state counted in it is no longer valid), its counters become 0,
     * its action keys (those its index lists, and those given) go, and its index is empty and complete.
     * Generated from {@link CounterKeys} like the counter script.
     */
    private static String resetScript() {
        StringJoiner suffixes = new StringJoiner(", ", "{", "}");
        for (Counter counter : Counter.values()) {
            suffixes.add(CounterScript.lua(CounterKeys.suffix(counter)));
        }
        return """
                local campaign = ARGV[1]
                local prefix = %s .. campaign .. %s
                redis.call('INCR', %s .. campaign)
                local suffixes = %s
                for i = 1, #suffixes do redis.call('SET', prefix .. suffixes[i], '0') end
                if string.sub(campaign, -%d) ~= %s then
                  local index = prefix .. %s
                  for _, member in ipairs(redis.call('SMEMBERS', index)) do
                    if not string.find(member, ':', 1, true) then redis.call('DEL', prefix .. %s .. member) end
                  end
                  redis.call('DEL', index)
                  redis.call('SADD', index, %s)
                end
                for i = 2, #ARGV do redis.call('DEL', ARGV[i]) end
                return 1
                """.formatted(CounterScript.lua(CounterKeys.campaignPrefix()), CounterScript.lua(CounterKeys.separator()),
                CounterScript.lua(CounterKeys.resetEpochPrefix()), suffixes,
                CounterKeys.noActionTypesIndexEnding().length(), CounterScript.lua(CounterKeys.noActionTypesIndexEnding()),
                CounterScript.lua(CounterKeys.actionTypesIndexSuffix()), CounterScript.lua(CounterKeys.actionInfix()),
                CounterScript.lua(CounterKeys.ACTION_TYPES_COMPLETE_MARKER));
    }
}
