package io.cdrplatform.logger.redis;

import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.core.ingest.CallCounters;
import io.cdrplatform.store.redis.CallStateHash;
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
 */
public final class RedisCallCounters implements CallCounters {

    private final RedisConnector connector;
    private final CounterScript script = new CounterScript();
    private final long callStateTtlSeconds;
    private final Duration batchTimeout;

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
        StatefulRedisConnection<String, String> connection = connector.connection();
        try {
            List<AppliedContribution> missingScript = run(connection, contributions);
            if (!missingScript.isEmpty()) {
                // A restarted or failed-over Redis has lost its script cache: load it and go again.
                connection.sync().scriptLoad(script.source());
                List<AppliedContribution> still = run(connection, missingScript);
                if (!still.isEmpty()) {
                    throw new RedisException("counter script still unknown to Redis after SCRIPT LOAD");
                }
            }
        } catch (RedisCommandTimeoutException e) {
            // The connection may be stuck behind a slow server: start afresh next batch.
            connector.reset();
            throw e;
        }
    }

    /**
     * Runs the script for each call, and the last_activity update of each campaign, in one pipeline;
     * answers the calls Redis had no script for.
     */
    private List<AppliedContribution> run(StatefulRedisConnection<String, String> connection,
                                          List<AppliedContribution> contributions) {
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<Long>> perCall = new ArrayList<>(contributions.size());
        List<RedisFuture<Long>> perCampaign = new ArrayList<>();
        Map<String, Long> lastActivity = new HashMap<>();
        connection.setAutoFlushCommands(false);
        try {
            for (AppliedContribution applied : contributions) {
                perCall.add(async.evalsha(script.sha1(), ScriptOutputType.INTEGER,
                        new String[] {CallStateHash.key(applied.callId())},
                        CounterScript.arguments(applied, callStateTtlSeconds)));
                lastActivity.merge(applied.contribution().campaignId(),
                        applied.contribution().lastActivity().toEpochMilli(), Math::max);
            }
            // last_activity is a max: once per campaign, whatever the calls' versions
            // (and the campaign index, set to the same value in the same script run)
            lastActivity.forEach((campaign, millis) -> perCampaign.add(async.eval(CounterScript.LAST_ACTIVITY,
                    ScriptOutputType.INTEGER, CounterScript.lastActivityKeys(campaign),
                    CounterScript.lastActivityArguments(campaign, millis))));
            connection.flushCommands();
        } finally {
            connection.setAutoFlushCommands(true);
        }
        long deadline = System.nanoTime() + batchTimeout.toNanos();
        List<AppliedContribution> missingScript = new ArrayList<>();
        RuntimeException firstError = null;
        for (int i = 0; i < perCall.size() + perCampaign.size(); i++) {
            RedisFuture<Long> future = i < perCall.size() ? perCall.get(i) : perCampaign.get(i - perCall.size());
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (i < perCall.size() && e.getCause() instanceof RedisNoScriptException) {
                    missingScript.add(contributions.get(i));
                } else if (firstError == null) {
                    firstError = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new RedisException(e.getCause());
                }
            } catch (TimeoutException e) {
                throw new RedisCommandTimeoutException("counter updates for " + contributions.size()
                        + " calls did not complete within " + batchTimeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while awaiting counter updates", e);
            }
        }
        if (firstError != null) {
            throw firstError;
        }
        return missingScript;
    }
}
