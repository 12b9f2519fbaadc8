package io.cdrplatform.logger.rebuild;

import com.mongodb.client.MongoClient;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.counter.CounterRebuild;
import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.logger.mongo.MongoCallRecordScan;
import io.cdrplatform.logger.redis.RedisCounterOverwrite;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import io.cdrplatform.logger.heal.EmfCounterHealMetrics;
import java.util.Map;

/**
 * {@code rebuild-counters [--campaign ID]}: recomputes the Redis counters from MongoDB with the
 * cdr-logger's settings ({@code MONGODB_URI}, {@code MONGODB_DATABASE}, {@code REDIS_URL} or
 * {@code REDIS_HOST}/{@code REDIS_PORT}), each campaign's entry in the campaign index with its
 * counters; a whole rebuild then makes the index list exactly the campaigns that have a
 * {@code last_activity} ({@link RedisCounterOverwrite#reindexCampaigns}). Run from the shaded jar:
 * {@code java -jar cdr-logger-lambda.jar rebuild-counters [--campaign ID]}; the jar's main class also
 * runs {@code rebuild-stats} ({@link RebuildStatsCommand}), {@code import-rates} ({@link ImportRatesCommand}) and
 * {@code rerate} ({@link RerateCommand}) when that is its first argument.
 * Exit status 0 when done, 1 when a store failed, 2 for a usage error.
 */
public final class RebuildCountersCommand {

    static final String USAGE = "usage: rebuild-counters [--verify] [--campaign ID]";
    static final int MAX_ATTEMPTS = 3;
    /** {@code --verify} found counters that differ from MongoDB (as {@code rebuild-stats --verify}). */
    static final int DRIFT_EXIT_STATUS = 3;

    private RebuildCountersCommand() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(RebuildStatsCommand.NAME)) {
            RebuildStatsCommand.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals(ImportRatesCommand.NAME)) {
            ImportRatesCommand.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals(RerateCommand.NAME)) {
            RerateCommand.main(args);
            return;
        }
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command with its environment and streams given; answers the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandStart<Arguments> start = CommandStart.of("rebuild-counters", USAGE, args, env, out, err,
                Arguments::parse, Arguments::help);
        if (!start.proceeds()) {
            return start.exitStatus();
        }
        Arguments arguments = start.arguments();
        LoggerConfig config = start.config();
        RedisClient redisClient = StoreClients.redis(config.stores());
        try (MongoClient mongo = StoreClients.mongo(config.stores(), CdrLogger.APPLICATION_NAME);
             StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            RedisCounterOverwrite overwrite = new RedisCounterOverwrite(redis, config.redisCommandTimeout());
            CounterRebuild rebuild = new CounterRebuild(new MongoCallRecordScan(mongo.getDatabase(config.mongoDatabase())),
                    overwrite, new CdrFold(config.tariff()), Clock.systemUTC(), config.callStateTtl(), out);
            if (arguments.verify()) {
                return verify(rebuild, arguments.campaignId(), new MongoCallRecordScan(mongo.getDatabase(
                        config.mongoDatabase())), out);
            }
            // A whole rebuild whose counters were marked lost again meanwhile (a flush, lost updates) runs again.
            for (int attempt = 1; ; attempt++) {
                CounterRebuild.Summary summary = rebuild.run(arguments.campaignId());
                if (arguments.campaignId() != null) {
                    return 0;
                }
                if (summary.whole()) {
                    // each rebuilt campaign's index entry was set with its counters; now the rest of the index
                    RedisCounterOverwrite.Reindexed reindexed = overwrite.reindexCampaigns();
                    out.printf("rebuild-counters: campaign index: %d campaigns, %d entries without last_activity removed%n",
                            reindexed.indexed(), reindexed.removed());
                    return 0;
                }
                if (attempt == MAX_ATTEMPTS) {
                    err.println("rebuild-counters: the counters were marked lost again during each of " + MAX_ATTEMPTS
                            + " rebuilds; run it again once Redis is stable");
                    return 1;
                }
            }
        } catch (RuntimeException e) {
            err.println("rebuild-counters failed: " + e);
            return 1;
        } finally {
            redisClient.shutdown();
        }
    }

    /**
     * {@code --verify}: the drift check of every campaign (or one), nothing changed; prints each campaign
     * that differs, the total, and an EMF line of {@code CounterDrift}; exit status 3 when any differs.
     */
    private static int verify(CounterRebuild rebuild, String campaignId, MongoCallRecordScan scan, PrintStream out) {
        List<String> campaigns = campaignId != null ? List.of(campaignId) : List.copyOf(scan.campaignIds());
        CounterRebuild.Drift drift = rebuild.verify(campaigns);
        for (CounterRebuild.CampaignDrift campaign : drift.drifting()) {
            out.printf("rebuild-counters --verify: campaign %s differs by %d: Redis %s %s, MongoDB %s %s%n",
                    campaign.campaignId(), campaign.difference(), campaign.read().counters(), campaign.read().actions(),
                    campaign.expected().counters(), campaign.expected().actions());
        }
        out.printf("rebuild-counters --verify: %d campaigns checked, %d differ, total difference %d%n",
                drift.campaigns().size(), drift.drifting().size(), drift.difference());
        new EmfCounterHealMetrics().drift(drift.difference(), drift.campaigns().size(), drift.drifting().size());
        return drift.difference() == 0 ? 0 : DRIFT_EXIT_STATUS;
    }

    /**
     * {@code [rebuild-counters] [--verify] [--campaign ID | --campaign=ID] | --help}; a null campaign
     * means all.
     */
    record Arguments(boolean help, String campaignId, boolean verify) {
        static Arguments parse(List<String> args) {
            List<String> rest = new ArrayList<>(!args.isEmpty() && args.get(0).equals("rebuild-counters")
                    ? args.subList(1, args.size()) : args);
            if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
                return new Arguments(true, null, false);
            }
            boolean verify = rest.remove("--verify");
            if (rest.isEmpty()) {
                return new Arguments(false, null, verify);
            }
            String campaign;
            if (rest.size() == 2 && rest.get(0).equals("--campaign")) {
                campaign = rest.get(1);
            } else if (rest.size() == 1 && rest.get(0).startsWith("--campaign=")) {
                campaign = rest.get(0).substring("--campaign=".length());
            } else {
                throw new IllegalArgumentException("rebuild-counters: unexpected arguments " + rest);
            }
            if (!IdRule.ID.matches(campaign)) {
                throw new IllegalArgumentException(
                        "rebuild-counters: campaign ID must be " + IdRule.ID.describe());
            }
            return new Arguments(false, campaign, verify);
        }
    }
}
