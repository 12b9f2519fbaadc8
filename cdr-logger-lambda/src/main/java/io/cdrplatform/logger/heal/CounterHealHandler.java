package io.cdrplatform.logger.heal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.mongodb.client.MongoClient;
import io.cdrplatform.core.counter.CounterRebuild;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.store.clients.EnvironmentVariables;
import io.cdrplatform.store.clients.StoreClients;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled counter-heal function (EventBridge schedule in template.yaml, every few minutes):
 * reads the counters' marker and, when Redis lost them (a flush, a restart without persistence, a
 * node replacement, or counter updates the logger could not apply), rebuilds every campaign's
 * counters from MongoDB while traffic goes on; then checks a random sample of campaigns for drift.
 * Emits {@code CountersStale}, {@code CounterRebuildMillis}, {@code CounterDrift} ({@link EmfCounterHealMetrics});
 * answers what it found. Settings: the logger's store variables, and {@code COUNTER_DRIFT_SAMPLE}
 * (campaigns per drift check, default 20, 0 = none). A failure throws: the invocation fails (and its
 * Errors metric counts it); the next schedule tries again.
 */
public final class CounterHealHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final int DEFAULT_DRIFT_SAMPLE = 20;
    private static final Logger LOG = LoggerFactory.getLogger(CounterHealHandler.class);

    private final CounterHeal heal;
    private final EmfCounterHealMetrics metrics;
    private final int driftSample;
    private final Random random = new Random();

    /** For Lambda: the stores from the environment, built once per container. */
    public CounterHealHandler() {
        this(System.getenv());
    }

    CounterHealHandler(Map<String, String> env) {
        this(fromEnv(env), new EmfCounterHealMetrics(),
                new EnvironmentVariables(env).integer("COUNTER_DRIFT_SAMPLE", DEFAULT_DRIFT_SAMPLE, 0, 10_000));
    }

    public CounterHealHandler(CounterHeal heal, EmfCounterHealMetrics metrics, int driftSample) {
        this.heal = Objects.requireNonNull(heal, "heal");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.driftSample = driftSample;
    }

    private static CounterHeal fromEnv(Map<String, String> env) {
        LoggerConfig config = LoggerConfig.fromEnv(env);
        MongoClient mongo = StoreClients.mongo(config.stores(), CdrLogger.APPLICATION_NAME);
        return new CounterHeal(mongo.getDatabase(config.mongoDatabase()),
                new RedisConnector(StoreClients.redis(config.stores())), config, Clock.systemUTC());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        CounterHeal.Check check = heal.checkAndHeal();
        metrics.check(check.foundLost(), check.rebuildTime() == null ? null : check.rebuildTime().toMillis());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("marker", check.found().name().toLowerCase(java.util.Locale.ROOT));
        answer.put("rebuilt", check.rebuilt() != null);
        if (check.rebuilt() != null) {
            answer.put("calls", check.rebuilt().calls());
            answer.put("campaigns", check.rebuilt().campaigns());
            answer.put("rebuildMillis", check.rebuildTime().toMillis());
            answer.put("whole", check.rebuilt().whole());
        }
        if (driftSample > 0 && check.whole()) {
            CounterRebuild.Drift drift = heal.verifySample(driftSample, random);
            metrics.drift(drift.difference(), drift.campaigns().size(), drift.drifting().size());
            answer.put("campaignsChecked", drift.campaigns().size());
            answer.put("drift", drift.difference());
            if (drift.difference() > 0) {
                LOG.atWarn().addKeyValue("drift", drift.difference())
                        .addKeyValue("campaignsDrifting", drift.drifting().size())
                        .log("counters differ from MongoDB by {} over {} of {} sampled campaigns (first: {})",
                                drift.difference(), drift.drifting().size(), drift.campaigns().size(),
                                drift.drifting().get(0).campaignId());
            }
        }
        LOG.atInfo().addKeyValue("result", answer.toString()).log("counter heal check: {}", answer);
        return answer;
    }
}
