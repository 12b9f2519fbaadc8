package io.cdrplatform.logger;

import io.cdrplatform.store.clients.StoreClients;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.cdrplatform.logger.redis.RedisConnector;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of calls, delivered once in order, and again shuffled with 30% duplicates in random
 * batch sizes (some large enough for the store to split its read into chunks) through both
 * handlers (SNS, SQS with envelopes, SQS raw) from three concurrent invocations: both deliveries
 * must leave the same records and counters, and the counters (and the campaign index, equal to
 * each campaign's last_activity) must be what the contract says for these calls.
 */
class ShuffledDeliveryTest {
    private static TestServers servers;
    private static EmbeddedRedisServer referenceRedisServer;
    private static RedisClient referenceRedis;

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
        referenceRedisServer = EmbeddedRedisServer.start();
        referenceRedis = StoreClients.redis(referenceRedisServer.uri(), Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopServers() {
        referenceRedis.shutdown();
        referenceRedisServer.stop();
        servers.close();
    }

    @Test
    void shuffledDuplicatedConcurrentDeliveryLeavesTheRecordsAndCountersOfInOrderDelivery() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        CallScenarios scenarios = CallScenarios.generate(random, 300, "call-" + Long.toHexString(seed));

        // given the reference: every event once, in timestamp order, one per invocation
        MongoDatabase reference = servers.freshDatabase();
        SqsEventHandler inOrder = new SqsEventHandler(reference, referenceRedis, Clock.systemUTC(), Tariff.defaults(),
                new RecordingMetrics());
        for (String event : scenarios.inOrder()) {
            assertThat(inOrder.handleRequest(Deliveries.sqs(List.of(event), false), null).getBatchItemFailures()).isEmpty();
        }

        // when the same events, shuffled, 30% duplicated, go in random batches through both handlers, 3 at a time
        MongoDatabase shuffled = servers.freshDatabase();
        RecordingMetrics metrics = new RecordingMetrics();
        LoggerConfig withVersionIndex = LoggerConfig.fromEnv(Map.of("CALL_RECORDS_VERSION_INDEX", "true"));
        CdrLogger logger = CdrLogger.create(shuffled, servers.redis, Clock.systemUTC(), withVersionIndex, metrics);
        SqsEventHandler sqs = new SqsEventHandler(logger);
        SnsEventHandler sns = new SnsEventHandler(logger);
        Deque<List<String>> batches = new ArrayDeque<>();
        List<String> deliveries = scenarios.shuffledWithDuplicates(random, 0.30);
        for (int i = 0; i < deliveries.size(); ) {
            // mostly small batches; one in five large enough (> 2 x MIN_READ_CHUNK calls) for a split read
            int size = 1 + random.nextInt(Math.min(random.nextInt(5) == 0 ? 400 : 60, deliveries.size() - i));
            batches.add(new ArrayList<>(deliveries.subList(i, i + size)));
            i += size;
        }
        ExecutorService invocations = Executors.newFixedThreadPool(3);
        List<Future<Integer>> workers = new ArrayList<>();
        long workerSeed = random.nextLong();
        for (int w = 0; w < 3; w++) {
            Random own = new Random(workerSeed + w);
            workers.add(invocations.submit(() -> deliver(batches, own, sqs, sns)));
        }
        int redeliveries = 0;
        for (Future<Integer> worker : workers) {
            redeliveries += worker.get(5, TimeUnit.MINUTES);
        }
        invocations.shutdown();

        // then records and counters are those of in-order delivery, and the contract's
        Map<String, Document> expectedRecords = StoredRecords.comparable(reference);
        assertThat(expectedRecords).as("seed %d", seed).hasSize(300);
        assertThat(StoredRecords.comparable(shuffled)).as("seed %d (%d redeliveries)", seed, redeliveries)
                .isEqualTo(expectedRecords);
        Map<String, String> referenceCounters = TestServers.counters(
                new RedisConnector(referenceRedis).connection().sync());
        assertThat(StoredRecords.statsBuckets(shuffled)).as("stats buckets, seed %d", seed)
                .isEqualTo(StoredRecords.statsBuckets(reference)).isNotEmpty();
        assertThat(referenceCounters).as("seed %d", seed).isEqualTo(scenarios.expectedCounters());
        assertThat(servers.counters()).as("seed %d", seed).isEqualTo(scenarios.expectedCounters());
        assertThat(TestServers.actionTypeIndexes(new RedisConnector(referenceRedis).connection().sync()))
                .as("seed %d", seed).isEqualTo(scenarios.expectedActionTypeIndexes());
        assertThat(servers.actionTypeIndexes()).as("seed %d", seed).isEqualTo(scenarios.expectedActionTypeIndexes());
        assertThat(TestServers.campaignIndex(new RedisConnector(referenceRedis).connection().sync()))
                .as("seed %d", seed).isEqualTo(scenarios.expectedCampaignIndex());
        assertThat(servers.campaignIndex()).as("campaign index, seed %d", seed)
                .isEqualTo(scenarios.expectedCampaignIndex()).isEqualTo(servers.lastActivityKeys());
        assertThat(metrics.sum(figures -> figures.eventsProcessed())).isGreaterThanOrEqualTo(deliveries.size());
    }

    /**
     * One "Lambda" taking batches off the shared queue: SQS batches report unstored messages, which
     * go back on the queue; a failed SNS invocation goes back whole. Answers the redeliveries.
     */
    private static int deliver(Deque<List<String>> batches, Random random, SqsEventHandler sqs, SnsEventHandler sns) {
        int redeliveries = 0;
        while (true) {
            List<String> batch;
            synchronized (batches) {
                batch = batches.pollFirst();
            }
            if (batch == null) {
                return redeliveries;
            }
            List<String> again = new ArrayList<>();
            switch (random.nextInt(3)) {
                case 0 -> {
                    try {
                        sns.handleRequest(Deliveries.sns(batch), null);
                    } catch (CallRecordsNotStoredException e) {
                        again.addAll(batch);
                    }
                }
                default -> {
                    SQSEvent event = Deliveries.sqs(batch, random.nextBoolean());
                    SQSBatchResponse response = sqs.handleRequest(event, null);
                    Map<String, String> bodies = new HashMap<>();
                    for (int i = 0; i < batch.size(); i++) {
                        bodies.put(event.getRecords().get(i).getMessageId(), batch.get(i));
                    }
                    response.getBatchItemFailures().forEach(failure -> again.add(bodies.get(failure.getItemIdentifier())));
                }
            }
            if (!again.isEmpty()) {
                redeliveries += again.size();
                synchronized (batches) {
                    batches.addLast(again);
                }
            }
        }
    }
}
