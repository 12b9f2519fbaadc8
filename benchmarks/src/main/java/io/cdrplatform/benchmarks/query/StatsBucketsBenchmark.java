package io.cdrplatform.benchmarks.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import io.cdrplatform.logger.rebuild.StatsRebuild;
import io.cdrplatform.query.QueryApi;
import io.cdrplatform.query.QueryHandler;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.query.stats.StatsRepository;
import io.cdrplatform.query.stats.StatsRequest;
import io.cdrplatform.query.testing.Calls;
import io.cdrplatform.query.testing.LoggerStyleDocuments;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.lettuce.core.RedisClient;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;

/**
 * {@code /stats} from the 15-minute stats buckets against the full scan, on cdr-local's store (the
 * MongoDB wire emulator on an H2 file, as cdr-local runs it), through the query Lambda handler:
 * one campaign's calls spread evenly over 30 days, first {@code small} of them, then {@code big}
 * (the same campaign grown), so that the cost growth is measured on one store. The buckets are
 * built by {@code rebuild-stats} from the loaded CDRs (the logger keeps the same documents as it
 * goes; its upkeep is measured by {@code StatsUpkeepBatchBenchmark}). At each size: p50 of
 * {@code /stats} for one UTC day and for the 30 days from buckets, and the full scan of the same
 * ranges in the same run; the answers are checked equal field for field first.
 *
 * <p>Run: {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar
 * io.cdrplatform.benchmarks.query.StatsBucketsBenchmark [big=1000000] [small=10000] [runs=30] [scanRuns=3]}
 */
public final class StatsBucketsBenchmark {

    /** The one campaign the benchmark loads (also {@code RerateBenchmark}'s). */
    public static final String CAMPAIGN = "campaign-big";
    private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
    private static final long THIRTY_DAYS_MILLIS = 30L * 86_400_000;
    private static final String DAY = "startDate=2024-01-15&endDate=2024-01-15";
    private static final String MONTH = "startDate=2024-01-01&endDate=2024-01-30";
    private static final Outcome[] OUTCOMES = {Outcome.ANSWERED, Outcome.ANSWERED, Outcome.ANSWERED, Outcome.NO_ANSWER,
            Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED, Outcome.VOICEMAIL, Outcome.CONVERTED, Outcome.OPTED_OUT};

    private StatsBucketsBenchmark() {
    }

    /** p50s of one store size, in ms. */
    record Figures(long cdrs, double day, double month, double dayScan, double monthScan, long loadMillis,
                   long rebuildMillis) {
    }

    public static void main(String[] args) throws Exception {
        int big = QueryLatencyBenchmark.intArg(args, 0, 1_000_000);
        int small = QueryLatencyBenchmark.intArg(args, 1, 10_000);
        int runs = QueryLatencyBenchmark.intArg(args, 2, 30);
        int scanRuns = QueryLatencyBenchmark.intArg(args, 3, 3);
        Path dir = Files.createTempDirectory("stats-buckets-benchmark");
        try (EmbeddedMongo mongo = EmbeddedMongo.startOnDisk(dir.resolve("mongo"));
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign_system");
            MongoCollection<Document> records = CallRecordCollection.in(database);
            records.createIndex(new Document("callId", 1), new IndexOptions().unique(true));
            records.createIndex(new Document("campaignId", 1).append("startTime", -1));
            RedisClient unusedRedis = RedisClient.create("redis://127.0.0.1:1"); // /live is not measured; never connects
            QueryHandler handler = new QueryHandler(QueryApi.create(database, unusedRedis, "benchmark-secret-0123456789",
                    Clock.systemUTC()), QueryHandler.MAX_BODY_BYTES);
            StatsRepository repository = new StatsRepository(database);

            Figures smallFigures = measure(database, records, handler, repository, 0, small, small, runs, scanRuns);
            Figures bigFigures = measure(database, records, handler, repository, small, big, big, runs, scanRuns);

            System.out.println();
            System.out.println("| CDRs of the campaign (30 days) | load s | rebuild-stats s | /stats day p50 ms | day full scan p50 ms | "
                    + "/stats 30 days p50 ms | 30 days full scan p50 ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Figures f : List.of(smallFigures, bigFigures)) {
                System.out.printf("| %,d | %.0f | %.1f | %.1f | %.0f | %.1f | %.0f |%n", f.cdrs(), f.loadMillis() / 1e3,
                        f.rebuildMillis() / 1e3, f.day(), f.dayScan(), f.month(), f.monthScan());
            }
            System.out.printf("%nratio full scan / buckets at %,d CDRs: day %.0fx, 30 days %.0fx%n", bigFigures.cdrs(),
                    bigFigures.dayScan() / bigFigures.day(), bigFigures.monthScan() / bigFigures.month());
            System.out.printf("cost growth %,d / %,d CDRs: day %.2f, 30 days %.2f%n", bigFigures.cdrs(), smallFigures.cdrs(),
                    bigFigures.day() / smallFigures.day(), bigFigures.month() / smallFigures.month());
            unusedRedis.shutdown();
        }
    }

    /** Loads calls {@code from} to {@code until} of {@code total}-spaced starts, rebuilds the buckets, measures. */
    private static Figures measure(MongoDatabase database, MongoCollection<Document> records, QueryHandler handler,
                                   StatsRepository repository, int from, int until, int total, int runs, int scanRuns) {
        long loadStart = System.nanoTime();
        load(records, from, until);
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
        long rebuildStart = System.nanoTime();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        new StatsRebuild(database, new MongoStatsBucketStore(database, 365 * 86_400L, Clock.systemUTC()), quiet)
                .rebuild(CAMPAIGN, null);
        long rebuildMillis = (System.nanoTime() - rebuildStart) / 1_000_000;
        System.out.printf("%,d CDRs: loaded in %,d ms, buckets rebuilt in %,d ms%n", until, loadMillis, rebuildMillis);

        DateRange day = new DateRange(Instant.parse("2024-01-15T00:00:00Z"), Instant.parse("2024-01-16T00:00:00Z"));
        DateRange month = new DateRange(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-31T00:00:00Z"));
        for (DateRange range : List.of(day, month)) {
            StatsRequest request = new StatsRequest(CAMPAIGN, range, ZoneOffset.UTC);
            CampaignStats fromBuckets = repository.stats(request);
            CampaignStats scanned = repository.scanned(request);
            if (!fromBuckets.equals(scanned)) {
                throw new IllegalStateException("buckets " + fromBuckets + " differ from the scan " + scanned);
            }
        }
        String dayPath = "/campaigns/" + CAMPAIGN + "/stats?" + DAY;
        String monthPath = "/campaigns/" + CAMPAIGN + "/stats?" + MONTH;
        double dayP50 = p50(QueryLatencyBenchmark.time(runs, 5, () -> QueryLatencyBenchmark.status(handler, dayPath)));
        double monthP50 = p50(QueryLatencyBenchmark.time(runs, 5, () -> QueryLatencyBenchmark.status(handler, monthPath)));
        double dayScan = p50(QueryLatencyBenchmark.time(scanRuns, 1, () -> repository.scanned(new StatsRequest(CAMPAIGN, day, ZoneOffset.UTC))));
        double monthScan = p50(QueryLatencyBenchmark.time(scanRuns, 1, () -> repository.scanned(new StatsRequest(CAMPAIGN, month, ZoneOffset.UTC))));
        System.out.printf("%,d CDRs: /stats day p50 %.1f ms (scan %.0f ms), 30 days p50 %.1f ms (scan %.0f ms)%n",
                until, dayP50, dayScan, monthP50, monthScan);
        return new Figures(until, dayP50, monthP50, dayScan, monthScan, loadMillis, rebuildMillis);
    }

    /**
     * Calls {@code from} to {@code until} of the campaign, call i starting at i x (30 days / until):
     * spread evenly over the 30 days whatever the count, new calls interleaving with the loaded ones.
     */
    public static void load(MongoCollection<Document> records, int from, int until) {
        LoggerStyleDocuments documents = LoggerStyleDocuments.withDefaultTariff();
        Random random = new Random(from + 42L);
        List<Document> batch = new ArrayList<>(1000);
        Instant written = Instant.parse("2024-02-01T00:00:00Z");
        for (int i = from; i < until; i++) {
            Instant start = BASE.plusMillis((long) ((double) THIRTY_DAYS_MILLIS * i / until) + random.nextInt(1000));
            batch.add(documents.document(events(String.format("%s-%07d", CAMPAIGN, i), start, random), written));
            if (batch.size() == 1000) {
                records.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            records.insertMany(batch);
        }
    }

    private static List<CallEvent> events(String callId, Instant start, Random random) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return Calls.dialing(callId, CAMPAIGN, start);
        }
        if (kind == 1) {
            return Calls.inProgress(callId, CAMPAIGN, start, 3);
        }
        Outcome outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
        long duration = outcome.reachesAnswered() ? 10 + random.nextInt(600) : random.nextInt(40);
        return Calls.ended(callId, CAMPAIGN, start, duration, outcome, Map.of("list", "spring-2024"));
    }

    private static double p50(long[] sorted) {
        return QueryLatencyBenchmark.percentile(sorted, 50) / 1e6;
    }
}
