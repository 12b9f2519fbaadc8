package io.cdrplatform.logger.heal;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.counter.CounterRebuild;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.logger.mongo.MongoCallRecordScan;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.logger.redis.RedisCounterOverwrite;
import io.cdrplatform.store.redis.CounterKeys;
import io.cdrplatform.store.redis.CountersMarker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters that heal themselves: reads the counters' marker ({@link CounterKeys#marker()}) and, when
 * it says they were lost (Redis empty or replaced, or updates lost), rebuilds every campaign's
 * counters from MongoDB (exact while live batches go on: see {@link CounterRebuild}). Used by
 * cdr-local's counter guard (every second, and at once after its redis-server was restarted) and by
 * the scheduled counter-heal Lambda function ({@link CounterHealHandler}).
 */
public final class CounterHeal {

    private static final Logger LOG = LoggerFactory.getLogger(CounterHeal.class);

    /** What one check found and did. */
    public record Check(CountersMarker.State found, CounterRebuild.Summary rebuilt, Duration rebuildTime) {

        /** True when the counters were found lost (and a rebuild ran). */
        public boolean foundLost() {
            return found == CountersMarker.State.LOST;
        }

        /** True when the counters are whole after this check. */
        public boolean whole() {
            return found == CountersMarker.State.WHOLE || rebuilt != null && rebuilt.whole();
        }
    }

    private final MongoDatabase database;
    private final RedisConnector redis;
    private final LoggerConfig config;
    private final Clock clock;

    public CounterHeal(MongoDatabase database, RedisConnector redis, LoggerConfig config, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the marker says now. Throws when Redis cannot be reached. */
    public CountersMarker.State marker() {
        return CountersMarker.parse(redis.connection().sync().get(CounterKeys.marker())).state();
    }

    /** Deletes the marker: the counters are known to miss updates (cdr-local's redis-server was restarted). */
    public void markLost() {
        redis.connection().sync().del(CounterKeys.marker());
    }

    /**
     * The drift check of a random sample of at most {@code sampleSize} campaigns: their Redis counters
     * compared with what MongoDB's calls say (nothing is changed).
     */
    public CounterRebuild.Drift verifySample(int sampleSize, Random random) {
        CounterRebuild rebuild = rebuild(new RedisCounterOverwrite(redis.connection(), config.redisCommandTimeout()));
        return rebuild.verify(rebuild.sampleCampaigns(sampleSize, random));
    }

    private CounterRebuild rebuild(RedisCounterOverwrite overwrite) {
        return new CounterRebuild(new MongoCallRecordScan(database), overwrite, new CdrFold(config.tariff()),
                clock, config.callStateTtl(), new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Reads the marker and rebuilds when it says lost. Throws when a store cannot be reached. */
    public Check checkAndHeal() {
        CountersMarker.State found = marker();
        if (found != CountersMarker.State.LOST) {
            return new Check(found, null, null);
        }
        LOG.atWarn().addKeyValue("countersMarker", found.name())
                .log("the counters' marker is absent: Redis is empty or was replaced, or counter updates were lost; "
                        + "rebuilding every campaign's counters from MongoDB");
        long begin = System.nanoTime();
        RedisCounterOverwrite overwrite = new RedisCounterOverwrite(redis.connection(), config.redisCommandTimeout());
        CounterRebuild.Summary summary = rebuild(overwrite).run(null);
        if (summary.whole()) {
            overwrite.reindexCampaigns();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        LOG.atInfo().addKeyValue("calls", summary.calls()).addKeyValue("campaigns", summary.campaigns())
                .addKeyValue("rebuildMillis", took.toMillis()).addKeyValue("whole", summary.whole())
                .log("counters rebuilt from MongoDB: {} calls, {} campaigns in {} ms{}", summary.calls(),
                        summary.campaigns(), took.toMillis(),
                        summary.whole() ? "" : "; marked lost again meanwhile, the next check rebuilds again");
        return new Check(found, summary, took);
    }
}
