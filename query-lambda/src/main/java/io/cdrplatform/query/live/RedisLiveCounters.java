package io.cdrplatform.query.live;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.query.failure.StoreUnavailableException;
import io.cdrplatform.query.stores.RedisOutages;
import io.cdrplatform.store.redis.CounterKeys;
import io.cdrplatform.store.redis.CountersMarker;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
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
 * Reads the live counters, with the counters' marker ({@link CounterKeys#marker()}: absent or "being
 * rebuilt" answers {@code rebuilding: true}), in one round trip when the campaign has no action types, two when it has:
 * SMEMBERS of the campaign's action-type index pipelined with one MGET of the fixed keys, then one
 * MGET of the action keys the index lists. The index ({@code campaign:{id}:action_types}, written by
 * the cdr-logger and rebuild-counters beside the contract's keys) is trusted only when it holds the
 * complete-marker; without it (counters written by an older logger, not rebuilt since) the action
 * keys are found with a SCAN of the keyspace as before. The connection is opened on first use (a
 * cold start never fails because Redis is down) and reopened after a failure; every failure is a
 * {@link StoreUnavailableException}.
 */
public final class RedisLiveCounters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLiveCounters.class);
    private static final int SCAN_COUNT = 1000;

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    /** The client must carry its URI and the timeouts to use ({@code QueryConfig.redisClient()} builds it). */
    public RedisLiveCounters(RedisClient client) {
        this.client = client;
    }

    public LiveCounters read(String campaignId) {
        try {
            return RedisOutages.read("Redis does not answer, so live counters are not available; try again later",
                    () -> read(campaignId, connection()));
        } catch (StoreUnavailableException e) {
            dropConnection();
            throw e;
        }
    }

    private static LiveCounters read(String campaignId, StatefulRedisConnection<String, String> connection) {
        RedisCommands<String, String> redis = connection.sync();
        Counter[] counters = Counter.values();
        String[] keys = new String[counters.length + 2];
        for (int i = 0; i < counters.length; i++) {
            keys[i] = CounterKeys.counter(campaignId, counters[i]);
        }
        keys[counters.length] = CounterKeys.lastActivity(campaignId);
        keys[counters.length + 1] = CounterKeys.marker();
        // Sent before the MGET on the same connection, so answered by the time the MGET is: one round trip.
        RedisFuture<Set<String>> indexed = CounterKeys.hasActionTypesIndex(campaignId)
                ? connection.async().smembers(CounterKeys.actionTypesIndex(campaignId)) : null;
        List<KeyValue<String, String>> values = redis.mget(keys);
        Map<Counter, Long> counts = new EnumMap<>(Counter.class);
        for (int i = 0; i < counters.length; i++) {
            counts.put(counters[i], number(values.get(i)));
        }
        KeyValue<String, String> last = values.get(counters.length);
        Instant lastActivity = last.hasValue() ? Instant.ofEpochMilli(number(last)) : null;
        KeyValue<String, String> marker = values.get(counters.length + 1);
        boolean rebuilding = CountersMarker.parse(marker.hasValue() ? marker.getValue() : null).state().maybeShort();
        Set<String> members = indexed == null ? Set.of() : await(indexed, CounterKeys.actionTypesIndex(campaignId));
        Map<String, Long> actions = members.contains(CounterKeys.ACTION_TYPES_COMPLETE_MARKER)
                ? indexedActions(campaignId, members, redis)
                : scannedActions(campaignId, redis);
        return new LiveCounters(campaignId, counts, lastActivity, actions, rebuilding);
    }

    /** The action types the index lists (members that are not action types are skipped); a missing key is 0. */
    private static Map<String, Long> indexedActions(String campaignId, Set<String> members,
                                                    RedisCommands<String, String> redis) {
        List<String> keys = new ArrayList<>(members.size());
        for (String member : members) {
            if (Action.isValidType(member)) {
                keys.add(CounterKeys.action(campaignId, member));
            }
        }
        Map<String, Long> actions = new TreeMap<>();
        if (!keys.isEmpty()) {
            for (KeyValue<String, String> value : redis.mget(keys.toArray(String[]::new))) {
                actions.put(CounterKeys.actionTypeOf(campaignId, value.getKey()), number(value));
            }
        }
        return actions;
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
     * The index's members, already in (Redis answers in order); an index key holding something else
     * than a set (WRONGTYPE) is no index; other failures as the sync API throws them.
     */
    private static Set<String> await(RedisFuture<Set<String>> future, String key) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException error && error.getMessage() != null
                    && error.getMessage().startsWith("WRONGTYPE")) {
                LOG.warn("Redis key {} is not a set ({}); action keys found by SCAN instead",
                        io.cdrplatform.core.text.SafeText.escape(key, 300), error.getMessage());
                return Set.of();
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

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            dropConnection();
            connection = client.connect();
        }
        return connection;
    }

    private synchronized void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a failed Redis connection", e);
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        dropConnection();
    }
}
