package io.cdrplatform.benchmarks.query;

import io.cdrplatform.store.callrecords.CallRecordIndexes;
import io.cdrplatform.store.callrecords.CallRecordFields;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.core.stats.HourOfDayHistogram;
import io.cdrplatform.core.stats.StatsTotals;
import io.cdrplatform.query.QueryApi;
import io.cdrplatform.query.QueryHandler;
import io.cdrplatform.query.cdrs.CdrFilter;
import io.cdrplatform.query.cdrs.CdrRepository;
import io.cdrplatform.query.cdrs.PageCursor;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.query.stats.StatsRepository;
import io.cdrplatform.query.stats.StatsRequest;
import io.cdrplatform.query.testing.Calls;
import io.cdrplatform.query.testing.LoggerStyleDocuments;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.lettuce.core.RedisClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;

/**
 * Load driver for the query API over the embedded MongoDB wire server (mongo-java-server, the
 * same peer the tests use): 200,000 logger-style CDRs, one campaign of 100,000 among 99 others.
 * Measures, in one run and through the Lambda handler:
 * <ul>
 *   <li>stats by aggregation vs. a fetch-everything-and-compute-in-Java baseline;</li>
 *   <li>first-page and deep-page list latency (limit 100).</li>
 * </ul>
 * Run: {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.query.QueryLatencyBenchmark}
 */
public final class QueryLatencyBenchmark {

    private static final String BIG = "campaign-big";
    private static final int BIG_CALLS = 100_000;
    private static final int OTHER_CALLS = 100_000;
    private static final int OTHER_CAMPAIGNS = 99;
    private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
    private static final Outcome[] OUTCOMES = {Outcome.ANSWERED, Outcome.ANSWERED, Outcome.ANSWERED, Outcome.NO_ANSWER,
            Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED, Outcome.VOICEMAIL, Outcome.CONVERTED, Outcome.OPTED_OUT};

    private QueryLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int statsRuns = intArg(args, 0, 30);
        int baselineRuns = intArg(args, 1, 10);
        int pageRuns = intArg(args, 2, 200);
        try (EmbeddedMongo mongo = EmbeddedMongo.start(); MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign_system");
            MongoCollection<Document> records = CallRecordCollection.in(database);
            long loadStart = System.nanoTime();
            load(records);
            System.out.printf("loaded %,d CDRs in %.1f s%n", records.countDocuments(), (System.nanoTime() - loadStart) / 1e9);

            RedisClient unusedRedis = RedisClient.create("redis://127.0.0.1:1"); // /live is not measured; never connects
            QueryHandler handler = new QueryHandler(QueryApi.create(database, unusedRedis, "benchmark-secret-0123456789",
                    Clock.systemUTC()), QueryHandler.MAX_BODY_BYTES);

            // stats: aggregation in MongoDB vs. fetching every CDR and computing in Java
            String statsPath = "/campaigns/" + BIG + "/stats?tz=Europe/Paris";
            check(handler, statsPath);
            long[] stats = time(statsRuns, 5, () -> status(handler, statsPath));
            CampaignStats baselineAnswer = fetchEverything(records, ZoneId.of("Europe/Paris"));
            long[] baseline = time(baselineRuns, 2, () -> fetchEverything(records, ZoneId.of("Europe/Paris")).totalAttempts());
            CampaignStats aggregated = new StatsRepository(database).stats(
                    new StatsRequest(BIG, DateRange.all(), ZoneId.of("Europe/Paris")));
            if (!aggregated.equals(baselineAnswer)) {
                throw new IllegalStateException("aggregation " + aggregated + " differs from baseline " + baselineAnswer);
            }
            System.out.println("aggregation and baseline agree on every field: totalAttempts=" + aggregated.totalAttempts()
                    + " answered=" + aggregated.answered() + " totalCost=" + aggregated.totalCost());

            // list pages: the newest page, and pages 50,000 and 99,900 CDRs deep (cursor signed like the API's)
            String firstPath = "/campaigns/" + BIG + "/cdrs?limit=100";
            check(handler, firstPath);
            long[] first = time(pageRuns, 20, () -> status(handler, firstPath));
            PageCursor cursors = new PageCursor("benchmark-secret-0123456789");
            CdrFilter filter = new CdrFilter(BIG, DateRange.all(), Set.of());
            String deepPath = "/campaigns/" + BIG + "/cdrs?limit=100&cursor=" + cursors.encode(position(50_000), filter);
            String deepestPath = "/campaigns/" + BIG + "/cdrs?limit=100&cursor=" + cursors.encode(position(99_900), filter);
            check(handler, deepPath);
            long[] deep = time(pageRuns, 20, () -> status(handler, deepPath));
            long[] deepest = time(pageRuns, 20, () -> status(handler, deepestPath));
            String smallPath = "/campaigns/campaign-007/cdrs?limit=100";
            long[] small = time(pageRuns, 20, () -> status(handler, smallPath));

            // the emulator's floor: it has no secondary index, so every query scans all 200,000 documents
            long[] scanFloor = time(pageRuns, 20, () -> records.find(new Document(CallRecordFields.CAMPAIGN_ID, "no-such-campaign")).first());
            long[] aggregationFloor = time(statsRuns, 5, () -> records.aggregate(List.of(
                    new Document("$match", new Document(CallRecordFields.CAMPAIGN_ID, BIG)),
                    new Document("$group", new Document("_id", null).append("n", new Document("$sum", 1))))).first());
            long fetchedBytes = bsonBytes(records.withDocumentClass(RawBsonDocument.class)
                    .find(new Document(CallRecordFields.CAMPAIGN_ID, BIG)).batchSize(1000));
            long aggregatedBytes = bsonBytes(records.withDocumentClass(RawBsonDocument.class)
                    .aggregate(StatsRepository.pipeline(BIG, DateRange.all())).batchSize(10_000));

            System.out.println();
            System.out.println("| measurement | runs | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            row("stats, aggregation (100,000 CDRs, tz Europe/Paris)", stats);
            row("stats, baseline: fetch all 100,000 CDRs + compute in Java", baseline);
            row("list, first page (limit 100)", first);
            row("list, page at 50,000 deep (limit 100)", deep);
            row("list, page at 99,900 deep (limit 100)", deepest);
            row("list, first page of a 1,010-CDR campaign (limit 100)", small);
            row("emulator floor: find matching nothing (full scan)", scanFloor);
            row("emulator floor: $match + $group {$sum: 1} (100,000 CDRs)", aggregationFloor);
            System.out.printf("%nbytes MongoDB sends: baseline %,d (all CDRs), aggregation %,d (slice rows)%n",
                    fetchedBytes, aggregatedBytes);
            System.out.printf("%nstats speed-up (baseline p50 / aggregation p50): %.1fx%n",
                    (double) percentile(baseline, 50) / percentile(stats, 50));
            System.out.println("aggregation pipeline: " + StatsRepository.pipeline(BIG, DateRange.all()));
        }
    }

    /** 100,000 calls of the big campaign (one every 25 s over ~29 days), 100,000 over 99 others. */
    private static void load(MongoCollection<Document> records) {
        records.createIndex(CallRecordIndexes.CALL_ID_UNIQUE, new IndexOptions().unique(true));
        records.createIndex(CallRecordIndexes.CAMPAIGN_START_TIME);
        records.createIndex(CallRecordIndexes.START_TIME_ONLY);
        LoggerStyleDocuments documents = LoggerStyleDocuments.withDefaultTariff();
        Random random = new Random(42);
        List<Document> batch = new ArrayList<>(1000);
        Instant written = Instant.parse("2024-02-01T00:00:00Z");
        for (int i = 0; i < BIG_CALLS + OTHER_CALLS; i++) {
            boolean big = i < BIG_CALLS;
            String campaign = big ? BIG : String.format("campaign-%03d", (i - BIG_CALLS) % OTHER_CAMPAIGNS);
            int index = big ? i : (i - BIG_CALLS) / OTHER_CAMPAIGNS;
            Instant start = BASE.plusSeconds(25L * index);
            String callId = String.format("%s-%06d", campaign, index);
            batch.add(documents.document(events(callId, campaign, start, random), written));
            if (batch.size() == 1000) {
                records.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            records.insertMany(batch);
        }
    }

    private static List<CallEvent> events(String callId, String campaign, Instant start, Random random) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return Calls.dialing(callId, campaign, start);
        }
        if (kind == 1) {
            return Calls.inProgress(callId, campaign, start, 3);
        }
        Outcome outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
        long duration = outcome.reachesAnswered() ? 10 + random.nextInt(600) : random.nextInt(40);
        return Calls.ended(callId, campaign, start, duration, outcome, Map.of("crmId", "crm-" + random.nextInt(1_000_000),
                "list", "spring-2024"));
    }

    /** The keyset position of the CDR {@code depth} places from the newest of the big campaign. */
    private static PageCursor.Position position(int depth) {
        int index = BIG_CALLS - 1 - depth;
        return new PageCursor.Position(BASE.plusSeconds(25L * index), String.format("%s-%06d", BIG, index));
    }

    /** The naive way: every CDR of the campaign over the wire, stats computed in Java. */
    private static CampaignStats fetchEverything(MongoCollection<Document> records, ZoneId zone) {
        long attempts = 0;
        long answered = 0;
        long[] outcomes = new long[Outcome.values().length];
        long active = 0;
        long duration = 0;
        long answeredDuration = 0;
        long answeredEnded = 0;
        BigDecimal cost = BigDecimal.ZERO;
        HourOfDayHistogram byHour = new HourOfDayHistogram(zone);
        for (Document cdr : records.find(new Document(CallRecordFields.CAMPAIGN_ID, BIG)).batchSize(1000)) {
            attempts++;
            boolean isAnswered = Boolean.TRUE.equals(cdr.getBoolean(CallRecordFields.ANSWERED));
            answered += isAnswered ? 1 : 0;
            String outcome = cdr.getString(CallRecordFields.OUTCOME);
            if (outcome != null) {
                outcomes[Outcome.fromWireName(outcome).orElseThrow().ordinal()]++;
            }
            active += "completed".equals(cdr.getString(CallRecordFields.STATUS)) ? 0 : 1;
            if (cdr.get(CallRecordFields.DURATION) instanceof Number seconds) {
                duration += seconds.longValue();
                if (isAnswered) {
                    answeredDuration += seconds.longValue();
                    answeredEnded++;
                }
            }
            if (cdr.get(CallRecordFields.COST) instanceof Decimal128 decimal) {
                cost = cost.add(decimal.bigDecimalValue());
            }
            byHour.add(((Date) cdr.get(CallRecordFields.START_TIME)).toInstant(), 1, isAnswered ? 1 : 0);
        }
        StatsTotals totals = new StatsTotals(attempts, answered, outcomes[Outcome.CONVERTED.ordinal()],
                outcomes[Outcome.BUSY.ordinal()], outcomes[Outcome.FAILED.ordinal()], outcomes[Outcome.NO_ANSWER.ordinal()],
                outcomes[Outcome.VOICEMAIL.ordinal()], outcomes[Outcome.OPTED_OUT.ordinal()], active, duration,
                answeredDuration, answeredEnded, cost);
        return CampaignStats.of(totals, byHour.buckets());
    }

    private static long bsonBytes(Iterable<RawBsonDocument> documents) {
        long bytes = 0;
        for (RawBsonDocument document : documents) {
            bytes += document.getByteBuffer().remaining();
        }
        return bytes;
    }

    private static long status(QueryHandler handler, String pathAndQuery) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(pathAndQuery), null);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(pathAndQuery + " answered " + response.getStatusCode() + ": " + response.getBody());
        }
        return response.getBody().length();
    }

    private static void check(QueryHandler handler, String pathAndQuery) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(pathAndQuery), null);
        String body = response.getBody();
        System.out.println(pathAndQuery.replaceAll("cursor=.*", "cursor=...") + " -> " + response.getStatusCode() + " "
                + body.substring(0, Math.min(160, body.length())) + "...");
    }

    private static APIGatewayV2HTTPEvent event(String pathAndQuery) {
        int mark = pathAndQuery.indexOf('?');
        String path = mark < 0 ? pathAndQuery : pathAndQuery.substring(0, mark);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(mark < 0 ? "" : pathAndQuery.substring(mark + 1))
                .withHeaders(Map.of("accept", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                        .build())
                .build();
    }

    private static long[] time(int runs, int warmup, Supplier<Object> work) {
        for (int i = 0; i < warmup; i++) {
            work.get();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void row(String name, long[] sorted) {
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, sorted.length, percentile(sorted, 50) / 1e6,
                percentile(sorted, 90) / 1e6, percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
