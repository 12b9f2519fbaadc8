package io.cdrplatform.logger.rebuild;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.core.stats.bucket.StatsBucketUpkeep;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.store.rates.StoredRates;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code rerate [--campaign ID] --from DATE --to DATE}: re-prices the calls that started in
 * {@code [from, to)} with the rate table now in MongoDB (and {@code COST_PER_MINUTE} /
 * {@code BILLING_INCREMENT} where no rate matches), moving their stats buckets with them
 * ({@link Rerate}). A date {@code --to} includes that whole UTC day. Run from the shaded jar:
 * {@code java -jar cdr-logger-lambda.jar rerate ...}, with the logger's settings. Exit status 0 when
 * done, 1 when the store failed or calls could not be re-priced, 2 for a usage error.
 */
public final class RerateCommand {

    static final String NAME = "rerate";
    static final String USAGE = "usage: rerate [--campaign ID] --from DATE --to DATE";

    private RerateCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

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
            long started = System.nanoTime();
            StoredRates.Loaded rates = StoredRates.load(database);
            for (String problem : rates.unreadable()) {
                out.println("rerate: rate left out of the table: " + problem);
            }
            out.println("rerate: " + rates.table().size() + " rates in force from " + rates.imports()
                    + " imports; no match: " + config.tariff().costPerMinute().toPlainString() + " per minute, "
                    + config.tariff().increment() + "; calls of " + (arguments.campaignId() == null ? "every campaign"
                    : "campaign " + arguments.campaignId()) + " from " + arguments.from() + " to " + arguments.to());
            Rerate rerate = new Rerate(database, new Pricing(rates.table(), config.tariff()),
                    new StatsBucketUpkeep(new MongoStatsBucketStore(database, config.retentionSeconds(), Clock.systemUTC())),
                    Clock.systemUTC(), out);
            Rerate.Summary summary = rerate.run(arguments.campaignId(), arguments.from(), arguments.to());
            long millis = (System.nanoTime() - started) / 1_000_000;
            out.println("rerated " + summary.read() + " call records in " + millis + " ms: " + summary.repriced()
                    + " repriced, " + summary.unchanged() + " unchanged, " + summary.ongoing() + " still going on, "
                    + summary.unreadable() + " unreadable; " + summary.retried() + " read again after a concurrent write, "
                    + summary.failed() + " not repriced; stats buckets still conflicting: " + summary.bucketConflicts());
            out.println("total cost of the ended calls: " + summary.costBefore().toPlainString() + " before, "
                    + summary.costAfter().toPlainString() + " after");
            return summary.failed() == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            err.println(NAME + " failed: " + e);
            return 1;
        }
    }

    /** {@code [rerate] [--campaign ID] --from DATE --to DATE | --help}. */
    record Arguments(boolean help, String campaignId, Instant from, Instant to) {
        static Arguments parse(List<String> args) {
            List<String> rest = !args.isEmpty() && args.get(0).equals(NAME) ? args.subList(1, args.size()) : args;
            if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
                return new Arguments(true, null, null, null);
            }
            String campaign = null;
            Instant from = null;
            Instant to = null;
            for (int i = 0; i < rest.size(); i++) {
                String arg = rest.get(i);
                String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (!List.of("--campaign", "--from", "--to").contains(option)) {
                    throw new IllegalArgumentException(NAME + ": unexpected argument " + arg);
                }
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < rest.size()) {
                    value = rest.get(++i);
                } else {
                    throw new IllegalArgumentException(NAME + ": " + option + " needs a value");
                }
                switch (option) {
                    case "--campaign" -> {
                        if (campaign != null || !IdRule.ID.matches(value)) {
                            throw new IllegalArgumentException(NAME + ": campaign ID must be " + IdRule.ID.describe());
                        }
                        campaign = value;
                    }
                    case "--from" -> {
                        if (from != null) {
                            throw new IllegalArgumentException(NAME + ": --from given twice");
                        }
                        from = CommandDates.start(NAME, option, value);
                    }
                    default -> {
                        if (to != null) {
                            throw new IllegalArgumentException(NAME + ": --to given twice");
                        }
                        to = CommandDates.end(NAME, option, value);
                    }
                }
            }
            if (from == null || to == null) {
                throw new IllegalArgumentException(NAME + ": --from and --to are required");
            }
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException(NAME + ": --to must be after --from");
            }
            return new Arguments(false, campaign, from, to);
        }
    }
}
