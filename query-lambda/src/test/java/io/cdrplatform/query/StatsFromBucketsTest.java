package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.ingest.InboundMessage;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.query.stats.StatsRepository;
import io.cdrplatform.query.stats.StatsRequest;
import io.cdrplatform.store.stats.StatsBucketFields;
import io.cdrplatform.store.stats.StatsCoverage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /stats} served from the stats buckets the logger keeps: the same answer, field for field,
 * as the full scan of the CDRs (kept here as the oracle), for days, hours and odd instants, in
 * zones with half- and quarter-hour offsets and across a DST change.
 */
class StatsFromBucketsTest extends QueryStores {

    private static final CallEventCodec CODEC = new CallEventCodec();
    private static final Instant DAY = Instant.parse("2024-03-10T00:00:00Z"); // New York's DST change
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Asia/Kathmandu"), ZoneId.of("America/New_York"), ZoneOffset.of("+05:45"));

    /** 300 calls of two campaigns over two days, through the real logger, shuffled, duplicated, in batches. */
    private void logCalls() {
        Random random = new Random(16);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String callId = "call." + i; // a '.' in the id, as the contract allows
            String campaign = i % 3 == 0 ? "other" : "sales";
            Instant start = DAY.plusMillis(random.nextInt(2 * 86_400_000));
            if (random.nextInt(4) > 0) {
                events.add(CODEC.write(CallEvent.builder(callId, campaign, EventType.CALL_INITIATED, start)
                        .phoneNumber(NUMBERS.get(random.nextInt(NUMBERS.size()))).build()));
            }
            if (random.nextBoolean()) {
                events.add(CODEC.write(CallEvent.builder(callId, campaign, EventType.CALL_ANSWERED,
                        start.plusSeconds(5)).build()));
            }
            if (random.nextInt(5) > 0) {
                events.add(CODEC.write(CallEvent.builder(callId, campaign, EventType.CALL_ENDED,
                        start.plusSeconds(30 + random.nextInt(900)))
                        .outcome(Outcome.values()[random.nextInt(Outcome.values().length)])
                        .durationSeconds(random.nextBoolean() ? null : (long) random.nextInt(900)).build()));
            }
        }
        List<String> delivered = new ArrayList<>(events);
        for (int i = 0; i < 100; i++) {
            delivered.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(delivered, random);
        // priced by a carrier's sheet whose names hold what a field name cannot ('.', '$') and the entry separator
        io.cdrplatform.store.rates.StoredRates.importSheet(database, List.of(
                rate("1", "US"), rate("44", "U.K. $fixed"), rate("447", "UK; mobile"), rate("x2", "PBX 2%")),
                DAY.minusSeconds(86_400), "test.csv", Instant.now());
        CdrLogger logger = CdrLogger.create(database, redisClient, Clock.systemUTC(), Tariff.defaults(),
                CdrLoggerMetrics.NONE);
        for (int from = 0; from < delivered.size(); from += 37) {
            List<InboundMessage> batch = delivered.subList(from, Math.min(delivered.size(), from + 37)).stream()
                    .map(json -> new InboundMessage(UUID.randomUUID().toString(), json)).toList();
            assertThat(logger.process(batch).allStored()).isTrue();
        }
    }

    private static final List<String> NUMBERS = List.of("+14155550100", "+442071234567", "+447700900123", "2434",
            "+33142868200");

    private static io.cdrplatform.core.cost.Rate rate(String prefix, String name) {
        return new io.cdrplatform.core.cost.Rate(prefix, name, new java.math.BigDecimal("0.0" + (prefix.length() + 1)),
                new java.math.BigDecimal("0.005"), io.cdrplatform.core.cost.BillingIncrement.parse("30/6"),
                DAY.minusSeconds(86_400), null);
    }

    @Test
    void statsFromBucketsEqualTheFullScanForDaysHoursAndOddRangesInEveryZone() {
        logCalls();
        assertThat(StatsCoverage.of(database, "sales")).isEqualTo(StatsCoverage.Coverage.ALL);
        StatsRepository repository = new StatsRepository(database);
        Random random = new Random(7);
        List<DateRange> ranges = new ArrayList<>(List.of(DateRange.all(), new DateRange(null, DAY.plusSeconds(40_000)),
                new DateRange(DAY.plusSeconds(50_001), null)));
        for (ZoneId zone : ZONES) {
            LocalDate first = DAY.atZone(zone).toLocalDate();
            for (int day = -1; day < 3; day++) {
                ranges.add(new DateRange(first.plusDays(day).atStartOfDay(zone).toInstant(),
                        first.plusDays(day + 1).atStartOfDay(zone).toInstant()));
            }
        }
        for (int i = 0; i < 40; i++) {
            Instant a = DAY.plusMillis(random.nextInt(2 * 86_400_000));
            Instant b = a.plusMillis(random.nextInt(40 * 3_600_000));
            ranges.add(new DateRange(i % 2 == 0 ? a : a.truncatedTo(java.time.temporal.ChronoUnit.HOURS), b));
        }
        for (DateRange range : ranges) {
            for (ZoneId zone : ZONES) {
                for (String campaign : List.of("sales", "other")) {
                    StatsRequest request = new StatsRequest(campaign, range, zone);
                    assertThat(repository.stats(request)).as("%s %s in %s", campaign, range, zone)
                            .isEqualTo(repository.scanned(request));
                }
            }
        }
        // and the billing figures are there, by rate name
        io.cdrplatform.core.stats.CampaignStats all = repository.stats(new StatsRequest("sales", DateRange.all(),
                ZoneOffset.UTC));
        assertThat(all.billableSeconds()).isPositive();
        assertThat(all.costByDestination()).extracting(io.cdrplatform.core.stats.DestinationCost::rateName)
                .contains("US", "U.K. $fixed", "UK; mobile", "PBX 2%", "default");
        assertThat(all.costByDestination().stream().map(io.cdrplatform.core.stats.DestinationCost::cost)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)).isEqualByComparingTo(all.totalCost());
        // (a call for which no event was drawn does not exist: about one in forty)
        assertThat(repository.scanned(new StatsRequest("sales", DateRange.all(), ZoneOffset.UTC)).totalAttempts())
                .isBetween(180L, 200L);
    }

    @Test
    void theApiAnswersFromThePublishedBuckets() {
        // given the logger's buckets, and one published bucket changed by hand
        logCalls();
        String day = "/campaigns/sales/stats?startDate=2024-03-10&endDate=2024-03-10";
        long attempts = ok(day).get("totalAttempts").asLong();
        String someBucket = database.getCollection(StatsBucketFields.BUCKETS_COLLECTION)
                .find(Filters.regex("_id", "^sales\\|2024-03-10T1")).first().getString("_id");
        database.getCollection(StatsBucketFields.BUCKETS_COLLECTION)
                .updateOne(Filters.eq("_id", someBucket), Updates.inc(StatsBucketFields.ATTEMPTS, 1000L));

        // when the day is asked for, then the change shows: the answer came from the buckets
        assertThat(ok(day).get("totalAttempts").asLong()).isEqualTo(attempts + 1000);
    }

    @Test
    void aStoreWhoseBucketsAreNotBuiltIsAnsweredByTheScan() {
        // given CDRs written before the buckets existed (no bucket, no coverage)
        insert(io.cdrplatform.query.testing.Calls.ended("c1", "old", Instant.parse("2024-01-15T00:10:00Z"), 61,
                Outcome.ANSWERED));

        // then /stats still counts them
        assertThat(ok("/campaigns/old/stats").get("totalAttempts").asLong()).isEqualTo(1);
        assertThat(StatsCoverage.of(database, "old").built()).isFalse();
    }
}
