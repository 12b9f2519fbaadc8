package io.cdrplatform.logger.rebuild;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterContribution;
import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.logger.mongo.CallRecordDocuments;
import io.cdrplatform.logger.mongo.StoredCallRecords;
import io.cdrplatform.logger.redis.CounterScript;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Recomputes the contract's Redis counters, and the logger's per-call applied-state hashes, from
 * the call records in MongoDB: every call's {@link CounterContribution} (the same rule the logger
 * applies) summed per campaign, then written over the campaign's counter keys and its action-type
 * index ({@link CounterKeys#actionTypesIndex}). Meant for repair
 * after a Redis outage or data loss; counters are exact when no batch for the rebuilt campaigns is
 * processed while it runs (pause the SQS trigger, or run it again once traffic is quiet).
 */
public final class CounterRebuild {

    static final int CHUNK = 1000;
    /** Replaces the set KEYS[1] by the members ARGV (one SADD each: no unpack() stack limit). */
    static final String REPLACE_SET = "redis.call('DEL', KEYS[1]) "
            + "for i = 1, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end return #ARGV";
    static final long PROGRESS_EVERY = 10_000;

    private final MongoCollection<Document> records;
    private final StatefulRedisConnection<String, String> redis;
    private final CdrFold fold;
    private final Clock clock;
    private final Duration callStateTtl;
    private final PrintStream progress;
    private final Duration redisTimeout;

    public CounterRebuild(MongoDatabase database, StatefulRedisConnection<String, String> redis, CdrFold fold,
                          Clock clock, Duration callStateTtl, Duration redisTimeout, PrintStream progress) {
        this.records = database.getCollection(CallRecordDocuments.COLLECTION);
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fold = Objects.requireNonNull(fold, "fold");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callStateTtl = Objects.requireNonNull(callStateTtl, "callStateTtl");
        this.redisTimeout = Objects.requireNonNull(redisTimeout, "redisTimeout");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** What a rebuild did. */
    public record Summary(long calls, long unreadable, int campaigns, long callStatesWritten) {
    }

    /** Rebuilds the counters of {@code campaignId}, or of every campaign in MongoDB when it is null. */
    public Summary run(String campaignId) {
        Bson filter = campaignId == null ? new Document() : Filters.eq("campaignId", campaignId);
        long expected = campaignId == null ? records.estimatedDocumentCount() : records.countDocuments(filter);
        progress.printf("rebuild-counters: %s, about %d call records%n",
                campaignId == null ? "all campaigns" : "campaign " + campaignId, expected);

        Instant now = clock.instant();
        Map<String, CampaignTotals> totals = new TreeMap<>();
        List<PendingState> states = new ArrayList<>(CHUNK);
        long calls = 0;
        long unreadable = 0;
        long statesWritten = 0;
        for (Document document : records.find(filter)
                .projection(Projections.include("version", "fold", "updatedAt"))
                .batchSize(CHUNK)) {
            String callId = String.valueOf(document.get("_id"));
            StoredCallRecords.Decoded decoded = StoredCallRecords.decode(callId, document);
            if (decoded.error() != null) {
                unreadable++;
                progress.printf("rebuild-counters: skipping call %s: %s%n", callId, decoded.error());
                continue;
            }
            CallState state = decoded.call().state();
            CounterContribution contribution = CounterContribution.of(fold.toCdr(state));
            totals.computeIfAbsent(contribution.campaignId(), id -> new CampaignTotals()).add(contribution);
            calls++;
            // Calls whose hash would have expired by now need none: the logger would not find one either.
            Object updatedAt = document.get("updatedAt");
            Instant lastWrite = updatedAt instanceof java.util.Date date ? date.toInstant() : now;
            long ttlSeconds = Duration.between(now, lastWrite.plus(callStateTtl)).toSeconds();
            if (ttlSeconds > 0) {
                states.add(new PendingState(new AppliedContribution(callId, decoded.call().version(), contribution),
                        ttlSeconds));
            }
            if (states.size() == CHUNK) {
                statesWritten += writeStates(states);
                states.clear();
            }
            if (calls % PROGRESS_EVERY == 0) {
                progress.printf("rebuild-counters: %d/%d call records read, %d campaigns%n", calls, expected,
                        totals.size());
            }
        }
        statesWritten += writeStates(states);
        progress.printf("rebuild-counters: %d call records read, %d campaigns; writing counters%n", calls, totals.size());

        RedisCommands<String, String> sync = redis.sync();
        for (Map.Entry<String, CampaignTotals> entry : totals.entrySet()) {
            writeCounters(sync, entry.getKey(), entry.getValue());
        }
        progress.printf("rebuild-counters: done: %d calls, %d campaigns, %d per-call states, %d unreadable records%n",
                calls, totals.size(), statesWritten, unreadable);
        return new Summary(calls, unreadable, totals.size(), statesWritten);
    }

    private void writeCounters(RedisCommands<String, String> sync, String campaignId, CampaignTotals totals) {
        Set<String> staleActionKeys = new HashSet<>();
        ScanArgs match = ScanArgs.Builder.matches(CounterKeys.action(campaignId, "*")).limit(500);
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
            values.put(CounterKeys.counter(campaignId, counter), Long.toString(totals.counters.get(counter)));
        }
        totals.actions.forEach((type, count) -> values.put(CounterKeys.action(campaignId, type), Long.toString(count)));
        staleActionKeys.removeAll(values.keySet());
        if (!staleActionKeys.isEmpty()) {
            sync.del(staleActionKeys.toArray(new String[0]));
        }
        sync.mset(values);
        // The action-type index: exactly the action keys that now exist (those with a count > 0),
        // plus the complete-marker; replaced in one script so a reader never sees it half-written.
        if (CounterKeys.hasActionTypesIndex(campaignId)) {
            List<String> members = new ArrayList<>(totals.actions.keySet());
            members.add(CounterKeys.ACTION_TYPES_COMPLETE_MARKER);
            sync.eval(REPLACE_SET, io.lettuce.core.ScriptOutputType.INTEGER,
                    new String[] {CounterKeys.actionTypesIndex(campaignId)}, members.toArray(new String[0]));
        }
        if (totals.lastActivity != null) {
            // last_activity only moves forward, even here.
            sync.eval(CounterScript.LAST_ACTIVITY, io.lettuce.core.ScriptOutputType.INTEGER,
                    new String[] {CounterKeys.lastActivity(campaignId)},
                    Long.toString(totals.lastActivity.toEpochMilli()));
        }
    }

    private long writeStates(List<PendingState> states) {
        if (states.isEmpty()) {
            return 0;
        }
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<?>> futures = new ArrayList<>(states.size() * 2);
        redis.setAutoFlushCommands(false);
        try {
            for (PendingState pending : states) {
                String key = CallStateHash.key(pending.applied.callId());
                futures.add(async.hset(key, CallStateHash.values(pending.applied)));
                futures.add(async.expire(key, pending.ttlSeconds));
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
        return states.size();
    }

    private record PendingState(AppliedContribution applied, long ttlSeconds) {
    }

    private static final class CampaignTotals {
        private final EnumMap<Counter, Long> counters = new EnumMap<>(Counter.class);
        private final Map<String, Long> actions = new TreeMap<>();
        private Instant lastActivity;

        CampaignTotals() {
            for (Counter counter : Counter.values()) {
                counters.put(counter, 0L);
            }
        }

        void add(CounterContribution contribution) {
            contribution.counters().forEach(counter -> counters.merge(counter, 1L, Long::sum));
            contribution.actionTypes().forEach(type -> actions.merge(type, 1L, Long::sum));
            if (lastActivity == null || contribution.lastActivity().isAfter(lastActivity)) {
                lastActivity = contribution.lastActivity();
            }
        }
    }
}
