package io.cdrplatform.query.live;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.query.failure.StoreUnavailableException;
import io.cdrplatform.query.stores.RedisReads;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the live counters of one campaign or of a page of campaigns, pipelined: for each campaign
 * SMEMBERS of its action-type index and one MGET of the fixed keys, all sent before any is awaited
 * (one round trip for the whole page), then one MGET per campaign of the action keys its index lists,
 * again all sent at once (a second round trip, only when some campaign has action types). The index
 * ({@code campaign:{id}:action_types}, written by the cdr-logger and rebuild-counters beside the
 * contract's keys) is trusted only when it holds the complete-marker; without it (counters written by
 * an older logger, not rebuilt since) that campaign's action keys are found with a SCAN of the
 * keyspace as before. Runs on the API's shared {@link RedisReads} connection; every failure is a
 * {@link StoreUnavailableException}.
 */
public final class RedisLiveCounters {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLiveCounters.class);
    private static final int SCAN_COUNT = 1000;
    private static final String MESSAGE = "Redis does not answer, so live counters are not available; try again later";

    private final RedisReads redis;

    public RedisLiveCounters(RedisReads redis) {
        this.redis = redis;
    }

    public LiveCounters read(String campaignId) {
        return readAll(List.of(campaignId)).get(0);
    }

    /** The live counters of each campaign, in the order given. */
    public List<LiveCounters> readAll(List<String> campaignIds) {
        if (campaignIds.isEmpty()) {
            return List.of();
        }
        return redis.read(MESSAGE, connection -> readAll(campaignIds, connection));
    }

    private static List<LiveCounters> readAll(List<String> campaignIds, StatefulRedisConnection<String, String> connection) {
        RedisAsyncCommands<String, String> async = connection.async();
        Counter[] counters = Counter.values();
        List<RedisFuture<Set<String>>> indexes = new ArrayList<>(campaignIds.size());
        List<RedisFuture<List<KeyValue<String, String>>>> fixed = new ArrayList<>(campaignIds.size());
        for (String campaignId : campaignIds) {
            String[] keys = new String[counters.length + 1];
            for (int i = 0; i < counters.length; i++) {
                keys[i] = CounterKeys.counter(campaignId, counters[i]);
            }
            keys[counters.length] = CounterKeys.lastActivity(campaignId);
            indexes.add(CounterKeys.hasActionTypesIndex(campaignId)
                    ? async.smembers(CounterKeys.actionTypesIndex(campaignId)) : null);
            fixed.add(async.mget(keys));
        }
        List<Map<Counter, Long>> counts = new ArrayList<>(campaignIds.size());
        List<Instant> lastActivities = new ArrayList<>(campaignIds.size());
        List<RedisFuture<List<KeyValue<String, String>>>> indexedActions = new ArrayList<>(campaignIds.size());
        List<Map<String, Long>> actions = new ArrayList<>(campaignIds.size());
        for (int c = 0; c < campaignIds.size(); c++) {
            String campaignId = campaignIds.get(c);
            List<KeyValue<String, String>> values = await(fixed.get(c), null);
            Map<Counter, Long> campaignCounts = new EnumMap<>(Counter.class);
            for (int i = 0; i < counters.length; i++) {
                campaignCounts.put(counters[i], number(values.get(i)));
            }
            counts.add(campaignCounts);
            KeyValue<String, String> last = values.get(counters.length);
            lastActivities.add(last.hasValue() ? Instant.ofEpochMilli(number(last)) : null);
            Set<String> members = indexes.get(c) == null ? Set.of()
                    : await(indexes.get(c), CounterKeys.actionTypesIndex(campaignId));
            if (members == null) {
                members = Set.of();
            }
            if (members.contains(CounterKeys.ACTION_TYPES_COMPLETE_MARKER)) {
                String[] actionKeys = members.stream().filter(Action::isValidType).sorted()
                        .map(type -> CounterKeys.action(campaignId, type)).toArray(String[]::new);
                indexedActions.add(actionKeys.length == 0 ? null : async.mget(actionKeys));
                actions.add(new TreeMap<>());
            } else {
                indexedActions.add(null);
                actions.add(scannedActions(campaignId, connection.sync()));
            }
        }
        List<LiveCounters> live = new ArrayList<>(campaignIds.size());
        for (int c = 0; c < campaignIds.size(); c++) {
            String campaignId = campaignIds.get(c);
            if (indexedActions.get(c) != null) {
                // the action types the index lists; a missing key is 0
                for (KeyValue<String, String> value : await(indexedActions.get(c), null)) {
                    actions.get(c).put(CounterKeys.actionTypeOf(campaignId, value.getKey()), number(value));
                }
            }
            live.add(new LiveCounters(campaignId, counts.get(c), lastActivities.get(c), actions.get(c)));
        }
        return live;
    }

    /**
     * The fallback for a campaign without a complete index: the {@code campaign:{id}:action:{type}}
     * keys found by a SCAN over the keyspace matching the campaign's prefix; keys whose suffix is not
     * an action type (those of a campaign whose id merely starts with this one's plus
     * {@code :action:}) are skipped.
     */
    private static Map<String, Long> scannedActions(String campaignId, RedisCommands<String, String> redis) {
        List<String> keys = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(CounterKeys.action(campaignId, "*")).limit(SCAN_COUNT);
        KeyScanCursor<String> page = redis.scan(match);
        while (true) {
            for (String key : page.getKeys()) {
                if (CounterKeys.actionTypeOf(campaignId, key) != null) {
                    keys.add(key);
                }
            }
            if (page.isFinished()) {
                break;
            }
            page = redis.scan(ScanCursor.of(page.getCursor()), match);
        }
        Map<String, Long> actions = new TreeMap<>();
        if (!keys.isEmpty()) {
            for (KeyValue<String, String> value : redis.mget(keys.toArray(String[]::new))) {
                if (value.hasValue()) {
                    actions.put(CounterKeys.actionTypeOf(campaignId, value.getKey()), number(value));
                }
            }
        }
        return actions;
    }

    /**
     * A pipelined answer, already in or soon (Redis answers in order); failures as the sync API throws
     * them, except that a {@code setKey} (an action-type index) holding something else than a set
     * (WRONGTYPE) is no index: null.
     */
    private static <T> T await(RedisFuture<T> future, String setKey) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (setKey != null && e.getCause() instanceof RedisCommandExecutionException error && error.getMessage() != null
                    && error.getMessage().startsWith("WRONGTYPE")) {
                LOG.warn("Redis key {} is not a set ({}); action keys found by SCAN instead",
                        io.cdrplatform.core.text.SafeText.escape(setKey, 300), error.getMessage());
                return null;
            }
            throw e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while reading live counters", e);
        }
    }

    private static long number(KeyValue<String, String> value) {
        if (!value.hasValue()) {
            return 0;
        }
        try {
            return Long.parseLong(value.getValue().trim());
        } catch (NumberFormatException e) {
            LOG.warn("Redis key {} holds '{}', not an integer; shown as 0", value.getKey(),
                    io.cdrplatform.core.text.SafeText.escape(value.getValue(), 64));
            return 0;
        }
    }
}
