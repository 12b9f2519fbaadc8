package io.cdrplatform.logger.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.BillingIncrement;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.cost.Rate;
import io.cdrplatform.core.cost.Rating;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.ingest.StoredCall;
import io.cdrplatform.logger.CallScenarios;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.Deliveries;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.logger.StoredRecords;
import io.cdrplatform.logger.TestServers;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.store.rates.StoredRates;
import io.cdrplatform.core.stats.StatsTotals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RerateCommandTest {
    private static final Instant SHEET_FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<Rate> SHEET = List.of(
            rate("1", "US", "0.0200", "0.0100", "30/6"),
            rate("1555", "US 555", "0.0500", "0", "1/1"),
            rate("x2", "PBX site 2", "0.0010", "0", "60/60"));
    private static TestServers servers;

    private MongoDatabase database;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @BeforeEach
    void setUp() {
        servers.flushRedis();
        database = servers.freshDatabase();
    }

    private static Rate rate(String prefix, String name, String price, String fee, String increment) {
        return new Rate(prefix, name, new BigDecimal(price), new BigDecimal(fee), BillingIncrement.parse(increment),
                SHEET_FROM, null);
    }

    private synchronized int run(String... args) {
        out.reset();
        err.reset();
        return RerateCommand.run(args, Map.of(
                        "MONGODB_URI", servers.mongoServer.connectionString(),
                        "MONGODB_DATABASE", database.getName()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private SqsEventHandler handler() {
        LoggerConfig config = LoggerConfig.fromEnv(Map.of()).withTariff(Tariff.defaults()).withRatesRefresh(Duration.ZERO);
        return new SqsEventHandler(CdrLogger.create(database, servers.redis, Clock.systemUTC(), config,
                CdrLoggerMetrics.NONE));
    }

    private static void deliver(SqsEventHandler handler, List<String> events) {
        for (int from = 0; from < events.size(); from += 40) {
            handler.handleRequest(Deliveries.sqs(events.subList(from, Math.min(events.size(), from + 40)), false), null);
        }
    }

    private void importSheet() {
        StoredRates.importSheet(database, SHEET, SHEET_FROM, "sheet.csv", Instant.now());
    }

    /** Every ended call priced as the table says (the oracle), and the published buckets total exactly their costs. */
    private void assertEveryCostMatchesTheTableAndTheBucketsTotalThem() {
        Pricing pricing = new Pricing(StoredRates.load(database).table(), Tariff.defaults());
        BigDecimal sum = BigDecimal.ZERO;
        int ended = 0;
        for (Document document : database.getCollection("call_records").find()) {
            String callId = CallRecordCodec.idOf(document);
            StoredCall stored = CallRecordCodec.decodeStored(callId, document).call();
            Rating expected = CdrFold.rate(stored.state(), pricing);
            assertThat(CallRecordCodec.ratingOf(document)).as(callId).isEqualTo(expected);
            if (expected != null) {
                sum = sum.add(expected.cost());
                ended++;
            }
        }
        assertThat(ended).isGreaterThan(100);
        BigDecimal published = StoredRecords.statsBuckets(database).values().stream().map(StatsTotals::totalCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(published).isEqualByComparingTo(sum);
        ByteArrayOutputStream verify = new ByteArrayOutputStream();
        int status = RebuildStatsCommand.run(new String[] {"--verify"}, Map.of(
                "MONGODB_URI", servers.mongoServer.connectionString(), "MONGODB_DATABASE", database.getName()),
                new PrintStream(verify, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).as(verify.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void rerateRepricesStoredCallsWithTheNewTableAndTheBucketsFollowThenChangesNothing() {
        // given calls stored before any rate was imported (priced with COST_PER_MINUTE)
        List<String> events = CallScenarios.generate(new Random(21), 300, "call").shuffledWithDuplicates(new Random(2), 0.2);
        deliver(handler(), events);

        // when the carrier's sheet is imported and the calls are re-rated
        importSheet();
        int status = run("rerate", "--from", "2024-03-01", "--to", "2024-03-01");

        // then every call costs what the table says, and /stats' buckets total their costs
        assertThat(status).as(output() + err).isZero();
        assertThat(output()).containsPattern("rerated \\d+ call records in \\d+ ms: [1-9]\\d* repriced");
        assertEveryCostMatchesTheTableAndTheBucketsTotalThem();

        // and a second run changes nothing
        Map<String, Document> before = StoredRecords.comparable(database);
        assertThat(run("rerate", "--from", "2024-03-01", "--to", "2024-03-01")).isZero();
        assertThat(output()).contains(": 0 repriced");
        assertThat(StoredRecords.comparable(database)).isEqualTo(before);
    }

    @Test
    void onlyTheCampaignAndRangeAskedForAreRepriced() {
        deliver(handler(), CallScenarios.generate(new Random(22), 200, "call").inOrder());
        Map<String, Document> before = StoredRecords.comparable(database);
        importSheet();

        assertThat(run("--campaign", "camp-a", "--from", "2024-03-01T09:00:00Z", "--to", "2024-03-01T09:30:00Z"))
                .as(output() + err).isZero();

        Map<String, Document> after = StoredRecords.comparable(database);
        before.forEach((callId, record) -> {
            Instant start = record.getDate("startTime").toInstant();
            boolean inScope = record.getString("campaignId").equals("camp-a")
                    && !start.isBefore(Instant.parse("2024-03-01T09:00:00Z"))
                    && start.isBefore(Instant.parse("2024-03-01T09:30:00Z"));
            if (!inScope) {
                assertThat(after.get(callId)).as(callId).isEqualTo(record);
            }
        });
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void rerateWhileEventsKeepArrivingNeverLeavesAStaleCost() throws Exception {
        // given half of the events stored before the sheet is imported
        List<String> events = CallScenarios.generate(new Random(23), 600, "call").shuffledWithDuplicates(new Random(3), 0.3);
        List<String> early = events.subList(0, events.size() / 2);
        List<String> late = events.subList(events.size() / 2, events.size());
        deliver(handler(), early);
        importSheet();

        // when the other half arrives while rerate runs, twice
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> deliver(handler(), late));
        List<Integer> statuses = new ArrayList<>();
        while (!load.isDone()) {
            statuses.add(run("rerate", "--from", "2024-03-01", "--to", "2024-03-02"));
        }
        load.get();

        // then no run failed, and every CDR's cost is the table's, with the buckets totalling them
        assertThat(statuses).isNotEmpty().containsOnly(0);
        assertEveryCostMatchesTheTableAndTheBucketsTotalThem();
    }

    @Test
    void badArgumentsAreAUsageError() {
        assertThat(run("--from", "2024-03-01")).isEqualTo(2);
        assertThat(run("--from", "2024-03-02", "--to", "2024-03-01T00:00:00Z")).isEqualTo(2);
        assertThat(run("--from", "march", "--to", "2024-03-01")).isEqualTo(2);
        assertThat(run("--campaign", "bad id", "--from", "2024-03-01", "--to", "2024-03-02")).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(output()).contains("usage: rerate");
    }
}
