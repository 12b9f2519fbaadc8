package io.cdrplatform.benchmarks.billing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import io.cdrplatform.benchmarks.query.StatsBucketsBenchmark;
import io.cdrplatform.core.cost.BillingIncrement;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.cost.Rate;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.core.stats.bucket.StatsBucketUpkeep;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import io.cdrplatform.logger.rebuild.Rerate;
import io.cdrplatform.logger.rebuild.StatsRebuild;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.query.stats.StatsRepository;
import io.cdrplatform.query.stats.StatsRequest;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.rates.StoredRates;
import io.cdrplatform.testsupport.EmbeddedMongo;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * {@code rerate} of N stored CDRs on cdr-local's store (mongo-java-server on an H2 file, as cdr-local
 * runs it): N calls of one campaign over 30 days are loaded as the logger writes them
 * ({@link StatsBucketsBenchmark#load}) (priced with
 * {@code COST_PER_MINUTE}, stats buckets built), a 50,000-prefix sheet whose {@code 1555} prefix
 * prices them is imported, then {@link Rerate} (what the {@code rerate} command runs) re-prices all
 * of them, and once more (nothing to do). Checks that {@code /stats} from the buckets equals the
 * full scan afterwards. Args: {@code [N=100000]}.
 */
public final class RerateBenchmark {

    private static final String CAMPAIGN = StatsBucketsBenchmark.CAMPAIGN;
    private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
    private static final long THIRTY_DAYS_MILLIS = 30L * 86_400_000;

    private RerateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("rerate-benchmark");
        try (EmbeddedMongo mongo = EmbeddedMongo.startOnDisk(dir.resolve("mongo"));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign_system");
            MongoCollection<Document> records = CallRecordCollection.in(database);
            records.createIndex(new Document("callId", 1), new IndexOptions().unique(true));
            records.createIndex(new Document("campaignId", 1).append("startTime", -1));
            records.createIndex(new Document("_id", 1).append("version", 1), new IndexOptions().unique(true));
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

            long start = System.nanoTime();
            StatsBucketsBenchmark.load(records, 0, calls);
            long loaded = System.nanoTime();
            MongoStatsBucketStore buckets = new MongoStatsBucketStore(database, 365 * 86_400L, Clock.systemUTC());
            new StatsRebuild(database, buckets, quiet).rebuild(CAMPAIGN, null);
            long rebuilt = System.nanoTime();
            System.out.printf("%,d CDRs loaded in %,d ms, stats buckets built in %,d ms%n", calls,
                    (loaded - start) / 1_000_000, (rebuilt - loaded) / 1_000_000);

            List<Rate> sheet = new ArrayList<>();
            sheet.add(new Rate("1555", "US 555", new BigDecimal("0.0230"), new BigDecimal("0.0050"),
                    new BillingIncrement(30, 6), BASE, null));
            for (int i = 1; sheet.size() < 50_000; i++) {
                sheet.add(new Rate("2" + String.format("%06d", i), "dest " + i, new BigDecimal("0.0100"),
                        BigDecimal.ZERO, BillingIncrement.PER_MINUTE, BASE, null));
            }
            long importStart = System.nanoTime();
            StoredRates.importSheet(database, sheet, BASE, "benchmark.csv", Instant.now());
            long imported = System.nanoTime();
            Pricing pricing = new Pricing(StoredRates.load(database).table(), Tariff.defaults());
            long tableRead = System.nanoTime();
            System.out.printf("50,000-prefix sheet imported in %,d ms, read back in %,d ms%n",
                    (imported - importStart) / 1_000_000, (tableRead - imported) / 1_000_000);

            for (String run : List.of("first run", "second run")) {
                Rerate rerate = new Rerate(database, pricing, new StatsBucketUpkeep(buckets), Clock.systemUTC(), System.out);
                long runStart = System.nanoTime();
                Rerate.Summary summary = rerate.run(null, BASE, BASE.plusMillis(THIRTY_DAYS_MILLIS + 86_400_000));
                long millis = (System.nanoTime() - runStart) / 1_000_000;
                System.out.printf("rerate %s: %,d CDRs read, %,d repriced, %,d unchanged in %,d ms (%,.0f CDRs/s); "
                                + "cost %s -> %s%n", run, summary.read(), summary.repriced(), summary.unchanged(), millis,
                        summary.read() * 1000.0 / millis, summary.costBefore().toPlainString(),
                        summary.costAfter().toPlainString());
            }
            StatsRepository repository = new StatsRepository(database);
            StatsRequest request = new StatsRequest(CAMPAIGN, DateRange.all(), ZoneOffset.UTC);
            CampaignStats fromBuckets = repository.stats(request);
            CampaignStats scanned = repository.scanned(request);
            System.out.printf("/stats from buckets: totalCost %s, billableSeconds %,d, top destination %s; equals the "
                            + "full scan: %s%n", fromBuckets.totalCost().toPlainString(), fromBuckets.billableSeconds(),
                    fromBuckets.costByDestination().isEmpty() ? "-" : fromBuckets.costByDestination().get(0),
                    fromBuckets.equals(scanned));
            if (!fromBuckets.equals(scanned)) {
                throw new IllegalStateException("buckets " + fromBuckets + " differ from the scan " + scanned);
            }
        }
    }
}
