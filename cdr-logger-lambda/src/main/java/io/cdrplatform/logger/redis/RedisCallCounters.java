package io.cdrplatform.logger.redis;

import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.core.ingest.CallCounters;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import io.cdrplatform.store.redis.CountersMarker;
import io.cdrplatform.core.counter.CounterOverwrite.AppliedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The contract's Redis counters: one {@link CounterScript} call per call and one last_activity
 * update per campaign (with its entry in the campaign index), all of a batch pipelined on one connection and flushed at once, awaited
 * together within the command timeout.
 *
 * <p>With them, the counters' marker ({@link CounterKeys#marker()}) is read: when it is absent the
 * counters are short (Redis was flushed, restarted empty or replaced) until a rebuild, and a WARN line
 * says so (once, until it is back). When a batch's counter updates fail, the next batch that reaches
 * Redis first deletes the marker: those updates are lost, so the counters must be rebuilt (cdr-local's
 * guard and the scheduled counter-heal function do it).
 */
public final class RedisCallCounters implements CallCounters {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCallCounters.class);

    private final RedisConnector connector;
    private final CounterScript script = new CounterScript();
    private final long callStateTtlSeconds;
    private final Duration batchTimeout;
    /** A batch's counter updates failed and the marker has not been deleted since. */
    private boolean updatesLost;
    private CountersMarker.State lastSeen = CountersMarker.State.WHOLE;

    public RedisCallCounters(RedisConnector connector, Duration callStateTtl, Duration batchTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.callStateTtlSeconds = callStateTtl.toSeconds();
        this.batchTimeout = Objects.requireNonNull(batchTimeout, "batchTimeout");
        if (callStateTtlSeconds < 1) {
            throw new IllegalArgumentException("callStateTtl must be at least a second");
        }
    }

    @Override
    public synchronized void apply(List<AppliedContribution> contributions) {
        if (contributions.isEmpty()) {
            return;
        }
        List<AppliedState> states = new ArrayList<>(contributions.size());
        for (AppliedContribution applied : contributions) {
            states.add(new AppliedState(applied, callStateTtlSeconds));
        }
        StatefulRedisConnection<String, String> connection;
        try {
            connection = connector.connection();
            if (updatesLost) {
                connection.sync().del(CounterKeys.marker());
                updatesLost = false;
                LOG.warn("counter updates of an earlier batch were lost (Redis failed); the counters' marker is "
                        + "deleted so that they are rebuilt from MongoDB");
            }
            CountersMarker.State marker = apply(connection, script, states, batchTimeout);
            if (marker != lastSeen) {
                if (marker == CountersMarker.State.LOST) {
                    LOG.warn("the counters' marker is absent: Redis is empty or was replaced (or updates were lost); "
                            + "counters are short until they are rebuilt from MongoDB");
                } else if (lastSeen == CountersMarker.State.LOST) {
                    LOG.info("the counters' marker is back ({}): counters being rebuilt or whole again", marker);
                }
                lastSeen = marker;
            }
        } catch (RuntimeException e) {
            updatesLost = true;
            if (e instanceof RedisCommandTimeoutException) {
                // The connection may be stuck behind a slow server: start afresh next batch.
                connector.reset();
            }
            throw e;
        }
    }

    /**
     * Applies each state through the counter script (loading it into a Redis that lost its script
     * cache), with the last_activity update of each campaign, in one pipeline; answers what the
     * counters' marker says. Shared with {@code rebuild-counters} ({@link RedisCounterOverwrite}).
     */
    static CountersMarker.State apply(StatefulRedisConnection<String, String> connection, CounterScript script,
                                      List<AppliedState> states, Duration timeout) {
        Batch batch = run(connection, script, states, timeout);
        if (!batch.missingScript().isEmpty()) {
            // A restarted or failed-over Redis has lost its script cache: load it and go again.
            connection.sync().scriptLoad(script.source());
            Batch again = run(connection, script, batch.missingScript(), timeout);
            if (!again.missingScript().isEmpty()) {
                throw new RedisException("counter script still unknown to Redis after SCRIPT LOAD");
            }
            return again.marker();
        }
        return batch.marker();
    }

    private record Batch(List<AppliedState> missingScript, CountersMarker.State marker) {
    }

    /**
     * Runs the script for each call, the last_activity update of each campaign and a read of the
     * marker in one pipeline; answers the calls Redis had no script for, and the marker.
     */
    private static Batch run(StatefulRedisConnection<String, String> connection, CounterScript script,
                             List<AppliedState> states, Duration timeout) {
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<?>> perCall = new ArrayList<>(states.size());
        List<RedisFuture<?>> others = new ArrayList<>();
        Map<String, Long> lastActivity = new HashMap<>();
        RedisFuture<String> marker;
        connection.setAutoFlushCommands(false);
        try {
            for (AppliedState state : states) {
                AppliedContribution applied = state.applied();
                perCall.add(async.evalsha(script.sha1(), ScriptOutputType.INTEGER,
                        new String[] {CallStateHash.key(applied.callId())},
                        CounterScript.arguments(applied, state.ttlSeconds())));
                lastActivity.merge(applied.contribution().campaignId(),
                        applied.contribution().lastActivity().toEpochMilli(), Math::max);
            }
            // last_activity is a max: once per campaign, whatever the calls' versions
            // (and the campaign index, set to the same value in the same script run)
            lastActivity.forEach((campaign, millis) -> others.add(async.eval(CounterScript.LAST_ACTIVITY,
                    ScriptOutputType.INTEGER, CounterScript.lastActivityKeys(campaign),
                    CounterScript.lastActivityArguments(campaign, millis))));
            marker = async.get(CounterKeys.marker());
            others.add(marker);
            connection.flushCommands();
        } finally {
            connection.setAutoFlushCommands(true);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<AppliedState> missingScript = new ArrayList<>();
        RuntimeException firstError = null;
        for (int i = 0; i < perCall.size() + others.size(); i++) {
            RedisFuture<?> future = i < perCall.size() ? perCall.get(i) : others.get(i - perCall.size());
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (i < perCall.size() && e.getCause() instanceof RedisNoScriptException) {
                    missingScript.add(states.get(i));
                } else if (firstError == null) {
                    firstError = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new RedisException(e.getCause());
                }
            } catch (TimeoutException e) {
                throw new RedisCommandTimeoutException("counter updates for " + states.size()
                        + " calls did not complete within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while awaiting counter updates", e);
            }
        }
        if (firstError != null) {
            throw firstError;
        }
        return new Batch(missingScript, CountersMarker.parse(marker.toCompletableFuture().getNow(null)).state());
    }
}
