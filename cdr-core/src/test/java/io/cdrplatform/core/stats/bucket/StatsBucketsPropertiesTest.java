package io.cdrplatform.core.stats.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.cdr.CallStatus;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.ingest.CallCounters;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.core.ingest.InMemoryCallRecordStore;
import io.cdrplatform.core.ingest.InboundMessage;
import io.cdrplatform.core.ingest.IngestReport;
import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.core.stats.HourBucket;
import io.cdrplatform.core.stats.Rates;
import io.cdrplatform.core.stats.StatsBuckets;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.StatsTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The buckets' promise: however the events of a campaign's calls are delivered (shuffled,
 * duplicated, split across batches, the process dying between the record write and the bucket
 * write and the messages coming back, a late {@code call_initiated} moving a call to an earlier
 * bucket or another campaign), {@code /stats} from the buckets plus the partial edge buckets equals,
 * field for field, a plain computation over the final CDRs, for any range and time zone (+05:30,
 * +05:45, a DST change day of 1 hour and of 30 minutes).
 */
class StatsBucketsPropertiesTest {

    private static final CallEventCodec CODEC = new CallEventCodec();
    /** Priced as a carrier would (rate names with characters a field name or an entry cannot hold as they are). */
    private static final CdrFold FOLD = new CdrFold(new io.cdrplatform.core.cost.Pricing(
            io.cdrplatform.core.cost.RateTable.of(List.of(
                    rate("1", "US", "0.006", "0", "6/6", null),
                    rate("44", "UK", "0.01", "0", "60/60", null),
                    rate("447", "UK; Mobile.$1 %2E", "0.05", "0.02", "30/6", Instant.parse("2024-04-06T14:30:00Z")),
                    rate("447", "UK Mobile (new)", "0.04", "0", "1/1", null),
                    rate("x24", "Site B", "0.001", "0", "60/60", null))),
            Tariff.defaults()));
    private static final List<String> NUMBERS = List.of("+14155550100", "+447700900123", "+442071234567", "2434",
            "2531", "+33142868200");
    private static final List<String> CAMPAIGNS = List.of("A", "B");
    /** Days with a change of offset (New York, Paris, Lord Howe's 30 minutes) and an ordinary one. */
    private static final List<Instant> BASES = List.of(
            Instant.parse("2024-03-10T05:40:00Z"),
            Instant.parse("2024-10-27T00:05:00Z"),
            Instant.parse("2024-04-06T14:20:00Z"),
            Instant.parse("2024-01-15T10:00:00Z"));
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Asia/Kathmandu"), ZoneOffset.of("+05:45"), ZoneId.of("America/New_York"),
            ZoneId.of("Europe/Paris"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/St_Johns"));

    private static io.cdrplatform.core.cost.Rate rate(String prefix, String name, String price, String fee,
                                                      String increment, Instant until) {
        Instant from = until == null ? Instant.parse("2024-04-06T14:30:00Z") : Instant.parse("2020-01-01T00:00:00Z");
        if (until == null && !prefix.equals("447")) {
            from = Instant.parse("2020-01-01T00:00:00Z");
        }
        return new io.cdrplatform.core.cost.Rate(prefix, name, new BigDecimal(price), new BigDecimal(fee),
                io.cdrplatform.core.cost.BillingIncrement.parse(increment), from, until);
    }

    @Property(tries = 400)
    void statsFromBucketsEqualTheFullScanHoweverTheEventsArrive(@ForAll long seed) {
        Random random = new Random(seed);
        Instant base = BASES.get(random.nextInt(BASES.size()));

        // given the events of some calls, delivered shuffled, duplicated, in batches, with crashes
        List<CallEvent> events = new ArrayList<>();
        int calls = 1 + random.nextInt(12);
        for (int i = 0; i < calls; i++) {
            events.addAll(oneCall("call-" + i, base, random));
        }
        InMemoryCallRecordStore records = new InMemoryCallRecordStore();
        MemoryStatsBuckets buckets = new MemoryStatsBuckets();
        deliver(events, records, buckets, random);

        // then every range in every zone answers as the scan of the final CDRs
        List<Cdr> cdrs = List.copyOf(records.cdrs().values());
        StatsSlices slices = slices(records, buckets);
        for (int query = 0; query < 16; query++) {
            String campaign = CAMPAIGNS.get(random.nextInt(CAMPAIGNS.size()));
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            Instant[] range = range(base, zone, random);
            CampaignStats expected = oracle(cdrs, campaign, range[0], range[1], zone);
            assertThat(BucketedStats.scanned(slices, campaign, range[0], range[1], zone))
                    .as("scan of %s %s..%s in %s", campaign, range[0], range[1], zone).isEqualTo(expected);
            assertThat(BucketedStats.compute(slices, campaign, range[0], range[1], zone))
                    .as("buckets of %s %s..%s in %s", campaign, range[0], range[1], zone).isEqualTo(expected);
            // buckets rebuilt only from some start on: the scan answers before it
            Instant bucketsFrom = StatsBuckets.startOf(pick(base, random));
            assertThat(BucketedStats.compute(slices, campaign, range[0], range[1], zone, bucketsFrom))
                    .as("buckets from %s of %s %s..%s in %s", bucketsFrom, campaign, range[0], range[1], zone)
                    .isEqualTo(expected);
        }
        // and no bucket drifts from its CDRs
        Map<StatsBucketKey, StatsTotals> fromCdrs = new TreeMap<>();
        for (Cdr cdr : cdrs) {
            fromCdrs.merge(StatsBucketKey.of(cdr), StatsContribution.of(cdr).totals(), StatsTotals::plus);
        }
        buckets.buckets.forEach((key, bucket) -> {
            StatsTotals expected = fromCdrs.getOrDefault(key, StatsTotals.empty());
            assertThat(comparable(bucket.totals)).as("entries' totals of %s", key).isEqualTo(comparable(expected));
            assertThat(comparable(buckets.published.get(key).totals())).as("published %s", key)
                    .isEqualTo(comparable(expected));
        });
        assertThat(buckets.buckets.keySet()).containsAll(fromCdrs.keySet());
    }

    /** Delivers every message at least once; a batch hit by a crash comes back later, in any position. */
    private static void deliver(List<CallEvent> events, InMemoryCallRecordStore records, MemoryStatsBuckets buckets,
                                Random random) {
        CallEventIngestor ingestor = new CallEventIngestor(CODEC, FOLD, records, NO_COUNTERS,
                new StatsBucketUpkeep(buckets), CallEventIngestor.DEFAULT_MAX_WRITE_ATTEMPTS);
        List<InboundMessage> messages = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            messages.add(new InboundMessage("m" + i, CODEC.write(events.get(i))));
        }
        int duplicates = random.nextInt(events.size() / 2 + 1);
        for (int i = 0; i < duplicates; i++) {
            messages.add(messages.get(random.nextInt(events.size())));
        }
        Collections.shuffle(messages, random);
        LinkedList<InboundMessage> queue = new LinkedList<>(messages);
        int crashes = random.nextInt(4);
        while (!queue.isEmpty()) {
            int size = Math.min(queue.size(), 1 + random.nextInt(8));
            List<InboundMessage> batch = new ArrayList<>(queue.subList(0, size));
            queue.subList(0, size).clear();
            boolean[] rivalRan = {false};
            List<InboundMessage> rivalBatch = new ArrayList<>();
            if (!queue.isEmpty() && random.nextInt(3) == 0) {
                // another invocation runs between this one's bucket read and its guarded write
                int rivalSize = Math.min(queue.size(), 1 + random.nextInt(4));
                rivalBatch.addAll(queue.subList(0, rivalSize));
                queue.subList(0, rivalSize).clear();
                buckets.interleave(1 + random.nextInt(4), () -> {
                    IngestReport rivalReport = ingestor.ingest(rivalBatch);

                    if (!rivalReport.failedMessageIds().isEmpty()) {
                        rivalBatch.forEach(message -> queue.add(random.nextInt(queue.size() + 1), message));
                    }
                });
            }
            if (crashes > 0 && random.nextInt(3) == 0) {
                crashes--;
                int fatal = 1 + random.nextInt(6);
                buckets.crashWhen(operation -> operation == fatal);
            } else {
                buckets.crashWhen(operation -> false);
            }
            IngestReport report = ingestor.ingest(batch);
            buckets.interleave(0, null);
            if (!rivalRan[0]) {
                // this batch ended before the rival's turn: its messages are still to be delivered
                rivalBatch.forEach(message -> queue.add(random.nextInt(queue.size() + 1), message));
            }
            if (report.statsFailure() != null || !report.failedMessageIds().isEmpty()) {
                // the invocation failed: SQS delivers the batch again, later, among other messages
                for (InboundMessage message : batch) {
                    queue.add(random.nextInt(queue.size() + 1), message);
                }
            }
        }
    }

    private static final CallCounters NO_COUNTERS = contributions -> {
    };

    /** One call's events: near a bucket edge, often with a late start, an answer, an end, a key press. */
    private static List<CallEvent> oneCall(String callId, Instant base, Random random) {
        Instant start = base.plusMillis(random.nextInt(4 * 3600 * 1000));
        if (random.nextBoolean()) {
            // just before a bucket edge, so that moving the start moves the bucket
            start = StatsBuckets.startOf(start).plusSeconds(900 - random.nextInt(90));
        }
        if (random.nextInt(4) == 0) {
            start = start.plusNanos(random.nextInt(1_000_000) * 1000L); // microseconds: BSON keeps milliseconds
        }
        String campaign = CAMPAIGNS.get(random.nextInt(5) == 0 ? 1 : 0);
        List<CallEvent> events = new ArrayList<>();
        if (random.nextInt(5) != 0) {
            // a call_initiated with another campaign now and then: the earliest event names the campaign
            String initiatedCampaign = random.nextInt(8) == 0 ? CAMPAIGNS.get(1) : campaign;
            events.add(CallEvent.builder(callId, initiatedCampaign, EventType.CALL_INITIATED, start)
                    .phoneNumber(NUMBERS.get(random.nextInt(NUMBERS.size()))).build());
        }
        Instant answered = start.plusSeconds(1 + random.nextInt(60));
        if (random.nextBoolean()) {
            events.add(CallEvent.builder(callId, campaign, EventType.CALL_ANSWERED, answered).build());
        }
        if (random.nextInt(3) == 0) {
            events.add(CallEvent.builder(callId, campaign, EventType.DTMF_PRESSED, answered.plusSeconds(5))
                    .digit("1").build());
        }
        if (random.nextInt(5) != 0 || events.isEmpty()) {
            Instant end = answered.plusSeconds(random.nextInt(700));
            CallEvent.Builder ended = CallEvent.builder(callId, campaign, EventType.CALL_ENDED, end)
                    .outcome(Outcome.values()[random.nextInt(Outcome.values().length)]);
            if (random.nextBoolean()) {
                ended.durationSeconds((long) random.nextInt(700));
            }
            if (random.nextInt(4) == 0) {
                ended.startTime(start.plusSeconds(random.nextInt(40) - 20));
            }
            events.add(ended.build());
        }
        if (random.nextInt(6) == 0) {
            // a second end report, earlier: the earliest end wins
            events.add(CallEvent.builder(callId, campaign, EventType.CALL_ENDED, answered.plusSeconds(2))
                    .outcome(Outcome.BUSY).durationSeconds(3L).build());
        }
        return events;
    }

    /** A range of start times: random instants (either end open now and then), or a local day of the zone. */
    private static Instant[] range(Instant base, ZoneId zone, Random random) {
        if (random.nextInt(4) == 0) {
            LocalDate day = base.plusSeconds(random.nextInt(3) * 3 * 3600L).atZone(zone).toLocalDate();
            return new Instant[] {day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()};
        }
        Instant a = pick(base, random);
        Instant b = pick(base, random);
        Instant from = a.isBefore(b) ? a : b;
        Instant until = a.isBefore(b) ? b : a;
        return new Instant[] {random.nextInt(10) == 0 ? null : from, random.nextInt(10) == 0 ? null : until};
    }

    private static Instant pick(Instant base, Random random) {
        Instant instant = base.minusSeconds(1800).plusMillis(random.nextInt(5 * 3600 * 1000));
        return switch (random.nextInt(3)) {
            case 0 -> StatsBuckets.startOf(instant);
            case 1 -> instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            default -> instant;
        };
    }

    /** The reads of /stats over the stores: published bucket totals, and the scan of stored CDRs. */
    private static StatsSlices slices(InMemoryCallRecordStore records, MemoryStatsBuckets buckets) {
        return new StatsSlices() {
            @Override
            public void buckets(String campaignId, Instant from, Instant until, SliceSink sink) {
                buckets.published.forEach((key, published) -> {
                    if (key.campaignId().equals(campaignId) && in(key.start(), from, until)) {
                        sink.accept(key.start(), published.totals());
                    }
                });
            }

            @Override
            public void scan(String campaignId, Instant from, Instant until, SliceSink sink) {
                Map<Instant, StatsTotals> bySlice = new TreeMap<>();
                for (Cdr cdr : records.cdrs().values()) {
                    Instant stored = Instant.ofEpochMilli(cdr.startTime().toEpochMilli());
                    if (cdr.campaignId().equals(campaignId) && in(stored, from, until)) {
                        bySlice.merge(StatsBuckets.startOf(stored), StatsContribution.of(cdr).totals(), StatsTotals::plus);
                    }
                }
                bySlice.forEach(sink::accept);
            }
        };
    }

    private static boolean in(Instant instant, Instant from, Instant until) {
        return (from == null || !instant.isBefore(from)) && (until == null || instant.isBefore(until));
    }

    /** The stats of the range computed plainly from the CDRs, call by call, hour by local hour. */
    private static CampaignStats oracle(List<Cdr> cdrs, String campaign, Instant from, Instant until, ZoneId zone) {
        long attempts = 0, answered = 0, converted = 0, busy = 0, failed = 0, noAnswer = 0, voicemail = 0;
        long optedOut = 0, active = 0, duration = 0, answeredDuration = 0, answeredEnded = 0;
        BigDecimal cost = BigDecimal.ZERO;
        long billable = 0;
        java.util.Map<String, io.cdrplatform.core.stats.RateTotals> byRate = new java.util.TreeMap<>();
        long[] hourAttempts = new long[24];
        long[] hourAnswered = new long[24];
        for (Cdr cdr : cdrs) {
            Instant stored = Instant.ofEpochMilli(cdr.startTime().toEpochMilli());
            if (!cdr.campaignId().equals(campaign) || (from != null && stored.isBefore(from))
                    || (until != null && !stored.isBefore(until))) {
                continue;
            }
            int hour = stored.atZone(zone).getHour();
            attempts++;
            hourAttempts[hour]++;
            if (cdr.reachedAnswered()) {
                answered++;
                hourAnswered[hour]++;
            }
            if (cdr.outcome() == Outcome.CONVERTED) converted++;
            if (cdr.outcome() == Outcome.BUSY) busy++;
            if (cdr.outcome() == Outcome.FAILED) failed++;
            if (cdr.outcome() == Outcome.NO_ANSWER) noAnswer++;
            if (cdr.outcome() == Outcome.VOICEMAIL) voicemail++;
            if (cdr.outcome() == Outcome.OPTED_OUT) optedOut++;
            if (cdr.status() != CallStatus.COMPLETED) active++;
            if (cdr.durationSeconds() != null) {
                duration += cdr.durationSeconds();
                if (cdr.reachedAnswered()) {
                    answeredDuration += cdr.durationSeconds();
                    answeredEnded++;
                }
            }
            if (cdr.cost() != null) {
                cost = cost.add(cdr.cost());
                billable += cdr.billableSeconds();
                byRate.merge(cdr.rateName(), new io.cdrplatform.core.stats.RateTotals(1, cdr.billableSeconds(),
                        cdr.cost()), io.cdrplatform.core.stats.RateTotals::plus);
            }
        }
        List<HourBucket> byHour = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            byHour.add(new HourBucket(hour, hourAttempts[hour], hourAnswered[hour],
                    Rates.ratio(hourAnswered[hour], hourAttempts[hour])));
        }
        return CampaignStats.of(new StatsTotals(attempts, answered, converted, busy, failed, noAnswer, voicemail,
                optedOut, active, duration, answeredDuration, answeredEnded,
                cost.setScale(Tariff.SCALE, RoundingMode.HALF_UP), billable, byRate).withCostScale(Tariff.SCALE), byHour);
    }

    /** Totals with the cost at the stored scale, so that 0 and 0.000000 compare equal. */
    private static StatsTotals comparable(StatsTotals totals) {
        return totals.withCostScale(Tariff.SCALE);
    }

    @SuppressWarnings("unused")
    private static final Duration BUCKET = Duration.ofMillis(StatsBuckets.WIDTH_MILLIS);
}
