package io.cdrplatform.query.live;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.query.failure.StoreUnavailableException;
import io.cdrplatform.query.stores.RedisReads;
import io.cdrplatform.store.redis.CounterKeys;
import io.cdrplatform.store.redis.CountersMarker;
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
 * Reads the live counters of one campaign or of a page of campaigns, with the counters' marker
 * ({@link CounterKeys#marker()}: absent or "being rebuilt" answers {@code rebuilding: true}), pipelined: SMEMBERS of each
 * campaign's action-type index and one MGET of the fixed keys of every 100 campaigns, all written at
 * once before any is awaited (one round trip for the whole page), then one MGET per campaign of the
 * action keys its index lists, again written at once (a second round trip, only when some campaign
 * has action types). The index
 * ({@code campaign:{id}:action_types}, written by the cdr-logger and rebuild-counters beside the
 * contract's keys) is trusted only when it holds the complete-marker; without it (counters written by
 * an older logger, not rebuilt since) that campaign's action keys are found with a SCAN of the
 * keyspace as before. Runs on the API's shared {@link RedisReads} connection; every failure is a
 * {@link StoreUnavailableException}.
 */
public final class RedisLiveCounters {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLiveCounters.class);
    private static final int SCAN_COUNT = 1000;
    /** The counters of this many campaigns are read with one MGET (1,000 keys). */
    private static final int MGET_CAMPAIGNS = 100;
    private static final String MESSAGE = "Redis does not answer, so live counters are not available; try again later";

    private final RedisReads redis;

    public RedisLiveCounters(RedisReads redis) {
        this.redis = redis;
    }

    public LiveCounters read(String campaignId) {
        return redis.read(MESSAGE, connection -> readAll(List.of(campaignId), connection, connection)).get(0);
    }

    /**
     * The live counters of each campaign, in the order given: the commands of a page go out in one
     * write on {@link RedisReads#pipelined}'s connection.
     */
    public List<LiveCounters> readAll(List<String> campaignIds) {
        if (campaignIds.isEmpty()) {
            return List.of();
        }
        if (campaignIds.size() == 1) {
            return List.of(read(campaignIds.get(0)));
        }
        return redis.pipelined(MESSAGE, (pipeline, plain) -> readAll(campaignIds, pipeline, plain));
    }

    /**
     * Queues the reads on {@code pipeline} and flushes them before awaiting any (with auto-flush on, the
     * flush is a no-op); the SCAN fallback runs on {@code plain}, which flushes by itself.
     */
    private static List<LiveCounters> readAll(List<String> campaignIds, StatefulRedisConnection<String, String> pipeline,
                                              StatefulRedisConnection<String, String> plain) {
        RedisAsyncCommands<String, String> async = pipeline.async();
        Counter[] counters = Counter.values();
        int perCampaign = counters.length + 1;
        List<RedisFuture<Set<String>>> indexes = new ArrayList<>(campaignIds.size());
        List<RedisFuture<List<KeyValue<String, String>>>> fixed = new ArrayList<>();
        List<String> keys = new ArrayList<>(MGET_CAMPAIGNS * perCampaign);
        for (int c = 0; c < campaignIds.size(); c++) {
            String campaignId = campaignIds.get(c);
            for (Counter counter : counters) {
                keys.add(CounterKeys.counter(campaignId, counter));
            }
            keys.add(CounterKeys.lastActivity(campaignId));
            indexes.add(CounterKeys.hasActionTypesIndex(campaignId)
                    ? async.smembers(CounterKeys.actionTypesIndex(campaignId)) : null);
            if (keys.size() == MGET_CAMPAIGNS * perCampaign || c == campaignIds.size() - 1) {
                fixed.add(async.mget(keys.toArray(String[]::new)));
                keys.clear();
            }
        }
        // the counters' marker: absent or "being rebuilt" means they may be short (answered as rebuilding)
        RedisFuture<String> marker = async.get(CounterKeys.marker());
        pipeline.flushCommands();
        List<Map<Counter, Long>> counts = new ArrayList<>(campaignIds.size());
        List<Instant> lastActivities = new ArrayList<>(campaignIds.size());
        List<RedisFuture<List<KeyValue<String, String>>>> indexedActions = new ArrayList<>(campaignIds.size());
        List<Map<String, Long>> actions = new ArrayList<>(campaignIds.size());
        List<KeyValue<String, String>> chunk = List.of();
        for (int c = 0; c < campaignIds.size(); c++) {
            String campaignId = campaignIds.get(c);
            if (c % MGET_CAMPAIGNS == 0) {
                chunk = await(fixed.get(c / MGET_CAMPAIGNS), null);
            }
            int at = (c % MGET_CAMPAIGNS) * perCampaign;
            Map<Counter, Long> campaignCounts = new EnumMap<>(Counter.class);
            for (int i = 0; i < counters.length; i++) {
                campaignCounts.put(counters[i], number(chunk.get(at + i)));
            }
            counts.add(campaignCounts);
            KeyValue<String, String> last = chunk.get(at + counters.length);
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
                actions.add(scannedActions(campaignId, plain.sync()));
            }
        }
        pipeline.flushCommands();
        boolean rebuilding = CountersMarker.parse(await(marker, null)).state().maybeShort();
        List<LiveCounters> live = new ArrayList<>(campaignIds.size());
        for (int c = 0; c < campaignIds.size(); c++) {
            String campaignId = campaignIds.get(c);
            if (indexedActions.get(c) != null) {
                // the action types the index lists; a missing key is 0
                for (KeyValue<String, String> value : await(indexedActions.get(c), null)) {
                    actions.get(c).put(CounterKeys.actionTypeOf(campaignId, value.getKey()), number(value));
                }
            }
            live.add(new LiveCounters(campaignId, counts.get(c), lastActivities.get(c), actions.get(c), rebuilding));
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
