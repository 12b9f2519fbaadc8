package io.cdrplatform.logger.rebuild;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.core.stats.StatsBuckets;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * {@code rebuild-stats [--campaign ID] [--from DATE] [--verify]}: recomputes the campaign stats
 * buckets from {@code call_records} ({@link StatsRebuild}) with the cdr-logger's MongoDB settings
 * ({@code MONGODB_URI}, {@code MONGODB_DATABASE}, {@code CDR_RETENTION_DAYS}), or with
 * {@code --verify} reports the buckets that differ from their CDRs without changing anything. Run
 * from the shaded jar: {@code java -jar cdr-logger-lambda.jar rebuild-stats ...}. {@code --from}
 * takes a date (its first UTC millisecond) or an instant, on a bucket start (a quarter hour).
 * Exit status 0 when done (with {@code --verify}: and nothing drifts), 1 when the store failed,
 * 2 for a usage error, 3 when {@code --verify} found drifting buckets.
 */
public final class RebuildStatsCommand {

    static final String NAME = "rebuild-stats";
    static final String USAGE = "usage: rebuild-stats [--campaign ID] [--from DATE] [--verify]";

    private RebuildStatsCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command with its environment and streams given; answers the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandStart<Arguments> start = CommandStart.of(NAME, USAGE, args, env, out, err, Arguments::parse,
                Arguments::help);
        if (!start.proceeds()) {
            return start.exitStatus();
        }
        Arguments arguments = start.arguments();
        LoggerConfig config = start.config();
        try (MongoClient mongo = StoreClients.mongo(config.stores(), CdrLogger.APPLICATION_NAME)) {
            MongoDatabase database = mongo.getDatabase(config.mongoDatabase());
            StatsRebuild rebuild = new StatsRebuild(database,
                    new MongoStatsBucketStore(database, config.retentionSeconds(), Clock.systemUTC()), out);
            if (arguments.verify()) {
                StatsRebuild.Summary summary = rebuild.verify(arguments.campaignId(), arguments.from());
                out.println("verified " + summary.buckets() + " buckets of " + summary.campaigns() + " campaigns ("
                        + summary.calls() + " calls): " + summary.drifting() + " drifting");
                return summary.drifting() == 0 ? 0 : 3;
            }
            StatsRebuild.Summary summary = rebuild.rebuild(arguments.campaignId(), arguments.from());
            out.println("rebuilt " + summary.buckets() + " buckets of " + summary.campaigns() + " campaigns from "
                    + summary.calls() + " calls (" + summary.unreadable() + " unreadable), removed "
                    + summary.removed() + " empty buckets");
            return 0;
        } catch (RuntimeException e) {
            err.println(NAME + " failed: " + e);
            return 1;
        }
    }

    /** {@code [rebuild-stats] [--campaign ID] [--from DATE] [--verify] | --help}. */
    record Arguments(boolean help, String campaignId, Instant from, boolean verify) {
        static Arguments parse(List<String> args) {
            List<String> rest = !args.isEmpty() && args.get(0).equals(NAME) ? args.subList(1, args.size()) : args;
            if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
                return new Arguments(true, null, null, false);
            }
            String campaign = null;
            Instant from = null;
            boolean verify = false;
            for (int i = 0; i < rest.size(); i++) {
                String arg = rest.get(i);
                String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                switch (option) {
                    case "--verify" -> {
                        if (arg.contains("=")) {
                            throw new IllegalArgumentException(NAME + ": --verify takes no value");
                        }
                        verify = true;
                    }
                    case "--campaign", "--from" -> {
                        String value;
                        if (arg.contains("=")) {
                            value = arg.substring(arg.indexOf('=') + 1);
                        } else if (i + 1 < rest.size()) {
                            value = rest.get(++i);
                        } else {
                            throw new IllegalArgumentException(NAME + ": " + option + " needs a value");
                        }
                        if (option.equals("--campaign")) {
                            if (campaign != null || !IdRule.ID.matches(value)) {
                                throw new IllegalArgumentException(NAME + ": campaign ID must be " + IdRule.ID.describe());
                            }
                            campaign = value;
                        } else {
                            if (from != null) {
                                throw new IllegalArgumentException(NAME + ": --from given twice");
                            }
                            from = date(value);
                        }
                    }
                    default -> throw new IllegalArgumentException(NAME + ": unexpected argument " + arg);
                }
            }
            return new Arguments(false, campaign, from, verify);
        }

        private static Instant date(String value) {
            Instant instant;
            try {
                instant = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(value);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(NAME + ": --from must be a date (2024-01-15) or an instant "
                        + "(2024-01-15T10:15:00Z), got " + value);
            }
            if (instant.toEpochMilli() % StatsBuckets.WIDTH_MILLIS != 0) {
                throw new IllegalArgumentException(NAME + ": --from must be on a quarter hour (a bucket start), got "
                        + value);
            }
            return instant;
        }
    }
}
