package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.core.ingest.InboundMessage;
import io.cdrplatform.core.ingest.IngestReport;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.StatsTotals;
import io.cdrplatform.core.stats.bucket.BucketChange;
import io.cdrplatform.core.stats.bucket.HeldContribution;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import io.cdrplatform.core.stats.bucket.StatsBucketStore;
import io.cdrplatform.core.stats.bucket.StatsBucketUpkeep;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.store.stats.StatsBucketCodec;
import io.cdrplatform.store.stats.StatsBucketFields;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stats buckets kept by the logger on a real MongoDB wire server (mongo-java-server, the real
 * driver): after any delivery, every published bucket holds exactly the totals of the CDRs that
 * start in it.
 */
class StatsBucketUpkeepTest {
    private static final long RETENTION = 86_400L * 30;
    private static final CallEventCodec CODEC = new CallEventCodec();
    private static final CdrFold FOLD = new CdrFold(Tariff.defaults());
    private static TestServers servers;

    private MongoDatabase database;
    private RedisCallCounters counters;

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
        counters = new RedisCallCounters(new RedisConnector(servers.redis), Duration.ofDays(15), Duration.ofSeconds(2));
    }

    private CallEventIngestor ingestor(StatsBucketStore buckets) {
        return new CallEventIngestor(CODEC, FOLD, new MongoCallRecordStore(database, RETENTION, Clock.systemUTC()),
                counters, new StatsBucketUpkeep(buckets), CallEventIngestor.DEFAULT_MAX_WRITE_ATTEMPTS);
    }

    private MongoStatsBucketStore mongoBuckets() {
        return new MongoStatsBucketStore(database, RETENTION, Clock.systemUTC());
    }

    private static List<InboundMessage> messages(List<String> events) {
        return events.stream().map(json -> new InboundMessage(UUID.randomUUID().toString(), json)).toList();
    }

    @Test
    void shuffledDuplicatedBatchesLeaveEveryBucketEqualToItsCdrs() {
        // given calls of three campaigns over an hour, delivered shuffled with duplicates in batches of 1-25
        Random random = new Random(16);
        CallScenarios scenarios = CallScenarios.generate(random, 300, "call");
        List<String> delivered = scenarios.shuffledWithDuplicates(random, 0.3);
        CallEventIngestor ingestor = ingestor(mongoBuckets());

        // when they are ingested
        for (int from = 0; from < delivered.size(); ) {
            int to = Math.min(delivered.size(), from + 1 + random.nextInt(25));
            assertThat(ingestor.ingest(messages(delivered.subList(from, to))).allStored()).isTrue();
            from = to;
        }

        // then the published buckets are the CDRs' totals, bucket by bucket
        assertThat(withoutEmpty(publishedBuckets())).isEqualTo(bucketsFromCdrs()).isNotEmpty();
    }

    @Test
    void aLateCallInitiatedMovesTheCallToItsEarlierBucket() {
        // given a call known only by its end: it starts at end - duration, 10:16:40
        String end = CODEC.write(CallEvent.builder("moved", "sales", EventType.CALL_ENDED,
                Instant.parse("2024-01-15T10:20:00Z")).outcome(Outcome.ANSWERED).durationSeconds(200L).build());
        String initiated = CODEC.write(CallEvent.builder("moved", "sales", EventType.CALL_INITIATED,
                Instant.parse("2024-01-15T10:14:00Z")).build());
        CallEventIngestor ingestor = ingestor(mongoBuckets());
        ingestor.ingest(messages(List.of(end)));
        assertThat(publishedBuckets()).containsOnlyKeys(bucket("sales", "2024-01-15T10:15:00Z"));

        // when its call_initiated arrives, from the bucket before
        ingestor.ingest(messages(List.of(initiated)));

        // then it counts in 10:00, and 10:15 is back to nothing
        Map<StatsBucketKey, StatsTotals> published = publishedBuckets();
        assertThat(published.get(bucket("sales", "2024-01-15T10:00:00Z")).totalAttempts()).isEqualTo(1);
        assertThat(published.get(bucket("sales", "2024-01-15T10:15:00Z")).isZero()).isTrue();
        assertThat(withoutEmpty(published)).isEqualTo(bucketsFromCdrs());
    }

    @Test
    void aCrashBetweenTheRecordWriteAndTheBucketWriteIsRepairedByTheNextEventOfTheCall() {
        // given a bucket store that dies on its first write, after the CDR was written
        AtomicInteger writes = new AtomicInteger();
        MongoStatsBucketStore real = mongoBuckets();
        StatsBucketStore dying = new StatsBucketStore() {
            @Override
            public Map<StatsBucketKey, Map<String, HeldContribution>> read(Map<StatsBucketKey, Set<String>> calls) {
                return real.read(calls);
            }

            @Override
            public Set<StatsBucketKey> write(List<BucketChange> changes) {
                if (writes.incrementAndGet() == 2) {
                    throw new IllegalStateException("the Lambda was killed");
                }
                return real.write(changes);
            }

            @Override
            public void settle(Set<StatsBucketKey> buckets) {
                real.settle(buckets);
            }
        };
        CallEventIngestor ingestor = ingestor(dying);
        Instant start = Instant.parse("2024-01-15T10:35:00Z");
        ingestor.ingest(messages(List.of(CODEC.write(CallEvent.builder("c1", "sales", EventType.CALL_INITIATED, start).build()))));
        IngestReport crashed = ingestor.ingest(messages(List.of(CODEC.write(CallEvent.builder("c1", "sales",
                EventType.CALL_ANSWERED, start.plusSeconds(5)).build()))));
        assertThat(crashed.statsFailure()).isNotNull();
        assertThat(crashed.failedMessageIds()).hasSize(1);
        assertThat(publishedBuckets()).isNotEqualTo(bucketsFromCdrs());

        // when the next event of that call arrives (not the failed one)
        ingestor.ingest(messages(List.of(CODEC.write(CallEvent.builder("c1", "sales", EventType.DTMF_PRESSED,
                start.plusSeconds(9)).digit("1").build()))));

        // then the bucket holds the call as stored
        assertThat(publishedBuckets()).isEqualTo(bucketsFromCdrs());
        assertThat(publishedBuckets().get(bucket("sales", "2024-01-15T10:30:00Z")).answered()).isEqualTo(1);
    }

    @Test
    void concurrentLambdasOnOneCampaignCountEveryCallOnce() throws Exception {
        // given 400 calls of one campaign in one quarter hour, their events split between 6 invocations at once
        List<String> events = new ArrayList<>();
        Instant start = Instant.parse("2024-01-15T10:30:00Z");
        for (int i = 0; i < 400; i++) {
            String callId = "c" + i;
            Instant at = start.plusSeconds(i % 800);
            events.add(CODEC.write(CallEvent.builder(callId, "busy-campaign", EventType.CALL_INITIATED, at).build()));
            events.add(CODEC.write(CallEvent.builder(callId, "busy-campaign", EventType.CALL_ANSWERED, at.plusSeconds(3)).build()));
            events.add(CODEC.write(CallEvent.builder(callId, "busy-campaign", EventType.CALL_ENDED, at.plusSeconds(64))
                    .outcome(i % 5 == 0 ? Outcome.CONVERTED : Outcome.ANSWERED).build()));
        }
        java.util.Collections.shuffle(events, new Random(7));
        List<List<String>> invocations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            invocations.add(new ArrayList<>());
        }
        for (int i = 0; i < events.size(); i++) {
            invocations.get(i % 6).add(events.get(i));
        }

        // when they run at the same time, each in batches of 50, each retrying what failed
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<String> invocation : invocations) {
                CallEventIngestor ingestor = ingestor(mongoBuckets());
                running.add(pool.submit(() -> {
                    for (int from = 0; from < invocation.size(); from += 50) {
                        List<String> batch = invocation.subList(from, Math.min(invocation.size(), from + 50));
                        int attempts = 1;
                        while (!ingestor.ingest(messages(batch)).allStored()) {
                            assertThat(++attempts).as("deliveries of one batch").isLessThan(20);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // then the bucket counts each of the 400 calls once
        StatsTotals bucket = publishedBuckets().get(bucket("busy-campaign", "2024-01-15T10:30:00Z"));
        assertThat(bucket.totalAttempts()).isEqualTo(400);
        assertThat(bucket.answered()).isEqualTo(400);
        assertThat(bucket.converted()).isEqualTo(80);
        assertThat(bucket.totalCost()).isEqualByComparingTo(new BigDecimal("8.00"));
        assertThat(publishedBuckets()).isEqualTo(bucketsFromCdrs());
    }

    @Test
    void bucketsHoldCostAsDecimal128AndExpireWithTheRetentionOfTheCdrs() {
        ingestor(mongoBuckets()).ingest(messages(List.of(CODEC.write(CallEvent.builder("c1", "sales",
                EventType.CALL_ENDED, Instant.parse("2024-01-15T10:35:00Z")).outcome(Outcome.ANSWERED)
                .durationSeconds(61L).build()))));

        Document published = database.getCollection(StatsBucketFields.BUCKETS_COLLECTION).find().first();
        assertThat(published.get(StatsBucketFields.ID)).isEqualTo("sales|2024-01-15T10:30:00Z");
        assertThat(published.get(StatsBucketFields.TOTAL_COST)).isEqualTo(new Decimal128(new BigDecimal("0.020000")));
        assertThat(published.get(StatsBucketFields.UPDATED_AT)).isInstanceOf(java.util.Date.class);
        for (String collection : List.of(StatsBucketFields.BUCKETS_COLLECTION, StatsBucketFields.ENTRIES_COLLECTION)) {
            Document ttl = database.getCollection(collection).listIndexes().into(new ArrayList<>()).stream()
                    .filter(index -> new Document(StatsBucketFields.UPDATED_AT, 1).equals(index.get("key")))
                    .findFirst().orElseThrow();
            assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isEqualTo(RETENTION);
        }
    }

    private static StatsBucketKey bucket(String campaign, String start) {
        return new StatsBucketKey(campaign, Instant.parse(start));
    }

    /** The published totals of every bucket, cost at 6 decimals. */
    private Map<StatsBucketKey, StatsTotals> publishedBuckets() {
        Map<StatsBucketKey, StatsTotals> buckets = new TreeMap<>();
        for (Document document : database.getCollection(StatsBucketFields.BUCKETS_COLLECTION).find()) {
            buckets.put(StatsBucketCodec.keyOf(document.getString(StatsBucketFields.ID)),
                    scaled(StatsBucketCodec.totalsOf(document)));
        }
        return buckets;
    }

    /** What each bucket must hold: the sum over the stored CDRs that start in it. */
    private Map<StatsBucketKey, StatsTotals> bucketsFromCdrs() {
        Map<StatsBucketKey, StatsTotals> buckets = new TreeMap<>();
        for (Document record : database.getCollection("call_records").find()) {
            Cdr cdr = FOLD.toCdr(CallRecordCodec.decodeStored(record.getString("_id"), record).call().state());
            buckets.merge(StatsBucketKey.of(cdr), StatsContribution.of(cdr).totals(), StatsTotals::plus);
        }
        buckets.replaceAll((key, totals) -> scaled(totals));
        return buckets;
    }

    private static Map<StatsBucketKey, StatsTotals> withoutEmpty(Map<StatsBucketKey, StatsTotals> buckets) {
        Map<StatsBucketKey, StatsTotals> kept = new TreeMap<>(buckets);
        kept.values().removeIf(StatsTotals::isZero);
        return kept;
    }

    private static StatsTotals scaled(StatsTotals totals) {
        return totals.withCostScale(Tariff.SCALE);
    }
}
