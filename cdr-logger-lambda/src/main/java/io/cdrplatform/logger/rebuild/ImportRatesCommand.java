package io.cdrplatform.logger.rebuild;

import com.mongodb.client.MongoClient;
import io.cdrplatform.core.cost.RateSheetCsv;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.store.rates.StoredRates;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code import-rates FILE.csv [--valid-from DATE]}: reads a carrier's rate sheet
 * ({@link RateSheetCsv}), checks every row, and imports it as the rate table from {@code DATE}
 * (default: now) on, atomically ({@link StoredRates#importSheet}); calls before that date keep the
 * rates they had. A sheet with a bad row imports nothing. The logger uses the new table within
 * {@code RATES_REFRESH_SECONDS}; {@code rerate} re-prices calls already stored. Exit status 0 when
 * imported, 1 when the store failed, 2 for a usage error, 3 for a sheet with errors.
 */
public final class ImportRatesCommand {

    static final String NAME = "import-rates";
    static final String USAGE = "usage: import-rates FILE.csv [--valid-from DATE]";

    private ImportRatesCommand() {
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
        Instant now = Instant.now();
        Instant validFrom = arguments.validFrom() == null ? now : arguments.validFrom();
        RateSheetCsv.Parsed sheet;
        try (Reader reader = Files.newBufferedReader(arguments.file(), StandardCharsets.UTF_8)) {
            sheet = RateSheetCsv.parse(reader, validFrom);
        } catch (IOException e) {
            err.println(NAME + ": cannot read " + arguments.file() + ": " + e.getMessage());
            return 2;
        }
        if (!sheet.ok()) {
            for (String error : sheet.errors()) {
                err.println(arguments.file() + ": " + error);
            }
            err.println(NAME + ": nothing imported");
            return 3;
        }
        long started = System.nanoTime();
        try (MongoClient mongo = StoreClients.mongo(config.stores(), CdrLogger.APPLICATION_NAME)) {
            StoredRates.Imported imported = StoredRates.importSheet(mongo.getDatabase(config.mongoDatabase()),
                    sheet.rates(), validFrom, arguments.file().getFileName().toString(), now);
            out.println("imported " + imported.rates() + " rates from " + arguments.file() + " as " + imported.importId()
                    + ", the rate table from " + validFrom + " on (" + imported.supersededImports()
                    + " earlier imports replaced entirely) in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return 0;
        } catch (RuntimeException e) {
            err.println(NAME + " failed: " + e);
            return 1;
        }
    }

    /** {@code [import-rates] FILE [--valid-from DATE] | --help}. */
    record Arguments(boolean help, Path file, Instant validFrom) {
        static Arguments parse(List<String> args) {
            List<String> rest = !args.isEmpty() && args.get(0).equals(NAME) ? args.subList(1, args.size()) : args;
            if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
                return new Arguments(true, null, null);
            }
            Path file = null;
            Instant validFrom = null;
            for (int i = 0; i < rest.size(); i++) {
                String arg = rest.get(i);
                if (arg.equals("--valid-from") || arg.startsWith("--valid-from=")) {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < rest.size()) {
                        value = rest.get(++i);
                    } else {
                        throw new IllegalArgumentException(NAME + ": --valid-from needs a value");
                    }
                    if (validFrom != null) {
                        throw new IllegalArgumentException(NAME + ": --valid-from given twice");
                    }
                    validFrom = CommandDates.start(NAME, "--valid-from", value);
                } else if (arg.startsWith("--") || file != null) {
                    throw new IllegalArgumentException(NAME + ": unexpected argument " + arg);
                } else {
                    file = Path.of(arg);
                }
            }
            if (file == null) {
                throw new IllegalArgumentException(NAME + ": the rate sheet FILE.csv is required");
            }
            return new Arguments(false, file, validFrom);
        }
    }
}
