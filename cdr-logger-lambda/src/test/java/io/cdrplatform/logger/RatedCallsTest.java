package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.BillingIncrement;
import io.cdrplatform.core.cost.Rate;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.store.rates.StoredRates;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The logger prices calls with the rate table in MongoDB, and picks up a new import within the refresh period. */
class RatedCallsTest {
    private static final Instant SHEET_FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant CALL = Instant.parse("2024-03-01T10:00:00Z");
    private static TestServers servers;

    private MongoDatabase database;

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

    private static Rate rate(String prefix, String name, String price, String fee, String increment, Instant from) {
        return new Rate(prefix, name, new BigDecimal(price), new BigDecimal(fee), BillingIncrement.parse(increment),
                from, null);
    }

    private CdrLogger logger(Clock clock, Duration refresh) {
        LoggerConfig config = LoggerConfig.fromEnv(Map.of()).withTariff(Tariff.defaults()).withRatesRefresh(refresh);
        return CdrLogger.create(database, servers.redis, clock, config, CdrLoggerMetrics.NONE);
    }

    private static String event(String callId, String type, Instant at, String extra) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"rated\",\"eventType\":\"" + type
                + "\",\"timestamp\":\"" + at + "\"" + extra + "}";
    }

    private static void deliver(CdrLogger logger, String... events) {
        SqsEventHandler handler = new SqsEventHandler(logger);
        assertThat(handler.handleRequest(Deliveries.sqs(List.of(events), true), null).getBatchItemFailures()).isEmpty();
    }

    @Test
    void pricesAnsweredTimeWithTheLongestPrefixAndNamesTheRate() {
        // given a sheet with UK and UK mobile
        StoredRates.importSheet(database, List.of(rate("44", "UK", "0.01", "0", "60/60", SHEET_FROM),
                rate("447", "UK Mobile", "0.06", "0.02", "30/6", SHEET_FROM)), SHEET_FROM, "test.csv", SHEET_FROM);
        CdrLogger logger = logger(Clock.systemUTC(), Duration.ofSeconds(60));

        // when a mobile call rings 20 s and talks 61 s, and another one is never answered
        deliver(logger,
                event("m-1", "call_initiated", CALL, ",\"phoneNumber\":\"+447700900123\""),
                event("m-1", "call_answered", CALL.plusSeconds(20), ""),
                event("m-1", "call_ended", CALL.plusSeconds(81), ",\"outcome\":\"answered\""),
                event("m-2", "call_initiated", CALL, ",\"phoneNumber\":\"+442071234567\""),
                event("m-2", "call_ended", CALL.plusSeconds(20), ",\"outcome\":\"no_answer\""));

        // then the answered one bills 61 s under 30/6 (66 s) plus the fee, the other nothing
        Document answered = StoredRecords.get(database, "m-1");
        assertThat(answered.get("duration")).isEqualTo(81L);
        assertThat(answered.get("billableSeconds")).isEqualTo(61L);
        assertThat(answered.get("ratePrefix")).isEqualTo("447");
        assertThat(answered.get("rateName")).isEqualTo("UK Mobile");
        assertThat(answered.get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.086000")));
        Document unanswered = StoredRecords.get(database, "m-2");
        assertThat(unanswered.get("billableSeconds")).isEqualTo(0L);
        assertThat(unanswered.get("rateName")).isEqualTo("UK");
        assertThat(unanswered.get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.000000")));
    }

    @Test
    void withoutRatesCallsCostWhatCostPerMinuteSaysAndExtensionsNothing() {
        CdrLogger logger = logger(Clock.systemUTC(), Duration.ofSeconds(60));
        deliver(logger,
                event("d-1", "call_ended", CALL.plusSeconds(61), ",\"outcome\":\"answered\",\"duration\":61,"
                        + "\"phoneNumber\":\"+14155550100\""),
                event("d-2", "call_ended", CALL.plusSeconds(61), ",\"outcome\":\"answered\",\"duration\":61,"
                        + "\"phoneNumber\":\"2434\""));
        Document external = StoredRecords.get(database, "d-1");
        assertThat(external.get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.020000")));
        assertThat(external.get("rateName")).isEqualTo("default");
        assertThat(external.get("ratePrefix")).isNull();
        Document internal = StoredRecords.get(database, "d-2");
        assertThat(internal.get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.000000")));
        assertThat(internal.get("rateName")).isEqualTo("internal");
    }

    @Test
    void aNewImportIsUsedOnceTheCachedTableIsOlderThanTheRefreshPeriod() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-03-01T12:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        StoredRates.importSheet(database, List.of(rate("1", "US", "0.006", "0", "60/60", SHEET_FROM)), SHEET_FROM,
                "old.csv", SHEET_FROM);
        CdrLogger logger = logger(clock, Duration.ofSeconds(60));
        deliver(logger, event("r-1", "call_ended", CALL.plusSeconds(60), ",\"outcome\":\"answered\",\"duration\":60,"
                + "\"phoneNumber\":\"+14155550100\""));
        assertThat(StoredRecords.get(database, "r-1").get("rateName")).isEqualTo("US");

        // given a new sheet imported for the same date
        StoredRates.importSheet(database, List.of(rate("1", "US new", "0.012", "0", "60/60", SHEET_FROM)), SHEET_FROM,
                "new.csv", Instant.parse("2024-03-01T12:00:10Z"));

        // when calls arrive 59 s, then 60 s after the table was read
        now.set(Instant.parse("2024-03-01T12:00:59Z"));
        deliver(logger, event("r-2", "call_ended", CALL.plusSeconds(60), ",\"outcome\":\"answered\",\"duration\":60,"
                + "\"phoneNumber\":\"+14155550100\""));
        now.set(Instant.parse("2024-03-01T12:01:00Z"));
        deliver(logger, event("r-3", "call_ended", CALL.plusSeconds(60), ",\"outcome\":\"answered\",\"duration\":60,"
                + "\"phoneNumber\":\"+14155550100\""));

        // then the first still uses the cached table, the second the new one
        assertThat(StoredRecords.get(database, "r-2").get("rateName")).isEqualTo("US");
        assertThat(StoredRecords.get(database, "r-3").get("rateName")).isEqualTo("US new");
        assertThat(StoredRecords.get(database, "r-3").get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.012000")));
    }
}
