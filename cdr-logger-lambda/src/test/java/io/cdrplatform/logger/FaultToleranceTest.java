package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.ingest.CallCounters;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.rebuild.RebuildCountersCommand;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis down, MongoDB down, and a crash between the MongoDB write and the Redis update. */
class FaultToleranceTest {
    private TestServers servers;
    private MongoDatabase database;

    @BeforeEach
    void startServers() {
        servers = TestServers.start();
        database = servers.freshDatabase();
    }

    @AfterEach
    void stopServers() {
        servers.close();
    }

    @Test
    void redisStoppedMidRunLeavesEveryBatchSucceedingAndRebuildCountersRestoresExactCounters() {
        // given calls delivered in batches, Redis stopping half way
        Random random = new Random(7);
        CallScenarios scenarios = CallScenarios.generate(random, 120, "redis-down");
        List<String> deliveries = scenarios.shuffledWithDuplicates(random, 0.3);
        RecordingMetrics metrics = new RecordingMetrics();
        SqsEventHandler sqs = new SqsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(), metrics);
        SnsEventHandler sns = new SnsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(), metrics);
        int half = deliveries.size() / 2;
        for (int i = 0; i < deliveries.size(); i += 25) {
            if (i >= half && servers.redisServer.isRunning()) {
                servers.redisServer.stop();
            }
            List<String> batch = deliveries.subList(i, Math.min(deliveries.size(), i + 25));
            if ((i / 25) % 2 == 0) {
                // then every batch succeeds: the CDRs are in MongoDB
                assertThat(sqs.handleRequest(Deliveries.sqs(batch, false), null).getBatchItemFailures()).isEmpty();
            } else {
                sns.handleRequest(Deliveries.sns(batch), null);
            }
        }
        assertThat(metrics.sum(figures -> figures.redisFailures())).isPositive();
        assertThat(StoredRecords.comparable(database)).hasSize(120);
        assertThat(JsonLogLines.all()).anySatisfy(line -> {
            assertThat(line.path("level").asText()).isEqualTo("WARN");
            assertThat(line.path("message").asText()).startsWith("Redis counters not updated");
        });

        // when Redis comes back (empty, as a replaced cache node) and rebuild-counters runs
        servers.redisServer.restart();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RebuildCountersCommand.run(new String[] {"rebuild-counters"}, Map.of(
                "MONGODB_URI", servers.mongoServer.connectionString(),
                "MONGODB_DATABASE", database.getName(),
                "REDIS_URL", servers.redisServer.uri()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        // then the counters are exactly the contract's for these calls
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("120 call records read");
        assertThat(servers.counters()).isEqualTo(scenarios.expectedCounters());

        // and a redelivery after the rebuild counts nothing twice (the per-call states were rebuilt too)
        assertThat(sqs.handleRequest(Deliveries.sqs(deliveries.subList(0, 50), true), null).getBatchItemFailures()).isEmpty();
        assertThat(servers.counters()).isEqualTo(scenarios.expectedCounters());
    }

    @Test
    void mongoStoppedReportsEveryUnstoredSqsMessageAndFailsTheSnsInvocation() {
        // given MongoDB is down
        RecordingMetrics metrics = new RecordingMetrics();
        SqsEventHandler sqs = new SqsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(), metrics);
        SnsEventHandler sns = new SnsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(), metrics);
        List<String> valid = List.of(
                "{\"callId\":\"m-1\",\"campaignId\":\"c\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}",
                "{\"callId\":\"m-1\",\"campaignId\":\"c\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:04Z\"}",
                "{\"callId\":\"m-2\",\"campaignId\":\"c\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:36:00Z\",\"outcome\":\"busy\"}");
        List<String> batch = new ArrayList<>(valid);
        batch.add(1, "{\"callId\":\"m-3\",\"campaignId\":\"c\",\"eventType\":\"call_initiated\"}");
        servers.mongoServer.stop();

        // when an SQS batch and an SNS invocation arrive
        SQSEvent event = Deliveries.sqs(batch, false);
        SQSBatchResponse response = sqs.handleRequest(event, null);

        // then exactly the valid messages are reported for redelivery (the invalid one is skipped), and SNS fails
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        assertThat(failed).containsExactlyInAnyOrder(event.getRecords().get(0).getMessageId(),
                event.getRecords().get(2).getMessageId(), event.getRecords().get(3).getMessageId());
        assertThatThrownBy(() -> sns.handleRequest(Deliveries.sns(valid), null))
                .isInstanceOf(CallRecordsNotStoredException.class);
        assertThat(servers.counters()).isEmpty();

        // and once MongoDB is back, the redelivered messages are stored and counted
        servers.mongoServer.restart();
        List<String> redelivered = new ArrayList<>();
        event.getRecords().stream().filter(record -> failed.contains(record.getMessageId()))
                .forEach(record -> redelivered.add(record.getBody()));
        assertThat(sqs.handleRequest(Deliveries.sqs(redelivered, true), null).getBatchItemFailures()).isEmpty();
        sns.handleRequest(Deliveries.sns(valid), null);
        assertThat(StoredRecords.comparable(database)).containsOnlyKeys("m-1", "m-2");
        assertThat(servers.counters()).containsEntry("campaign:c:total_attempts", "2")
                .containsEntry("campaign:c:answered", "1").containsEntry("campaign:c:busy", "1")
                .containsEntry("campaign:c:active_calls", "1");
    }

    @Test
    void aCrashBetweenTheMongoWriteAndTheRedisUpdateIsRepairedByTheRedelivery() {
        // given an invocation that dies after MongoDB has the batch, before Redis is updated
        Random random = new Random(11);
        CallScenarios scenarios = CallScenarios.generate(random, 60, "crash");
        List<String> deliveries = scenarios.shuffledWithDuplicates(random, 0.3);
        RedisCallCounters realCounters = new RedisCallCounters(new RedisConnector(servers.redis), Duration.ofDays(15),
                Duration.ofSeconds(2));
        AtomicBoolean crash = new AtomicBoolean();
        CallCounters crashing = contributions -> {
            if (crash.get()) {
                throw new SimulatedCrash();
            }
            realCounters.apply(contributions);
        };
        CallEventIngestor ingestor = new CallEventIngestor(new CallEventCodec(), new CdrFold(Tariff.defaults()),
                new MongoCallRecordStore(database, 365 * 86_400L, Clock.systemUTC()), crashing);
        SqsEventHandler handler = new SqsEventHandler(new CdrLogger(ingestor, new RecordingMetrics()));
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i += 20) {
            batches.add(deliveries.subList(i, Math.min(deliveries.size(), i + 20)));
        }

        // when every other batch crashes once and SQS delivers it again, at once or after later batches
        List<List<String>> pending = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            List<String> batch = batches.get(b);
            if (b % 2 == 1) {
                assertThat(handler.handleRequest(Deliveries.sqs(batch, false), null).getBatchItemFailures()).isEmpty();
                continue;
            }
            crash.set(true);
            assertThatThrownBy(() -> handler.handleRequest(Deliveries.sqs(batch, false), null))
                    .isInstanceOf(SimulatedCrash.class);
            crash.set(false);
            if (b % 4 == 0) {
                assertThat(handler.handleRequest(Deliveries.sqs(batch, true), null).getBatchItemFailures()).isEmpty();
            } else {
                pending.add(batch);
            }
        }
        assertThat(StoredRecords.comparable(database)).hasSize(60);
        assertThat(servers.counters()).as("the crashes left counters behind").isNotEqualTo(scenarios.expectedCounters());
        for (List<String> batch : pending) {
            assertThat(handler.handleRequest(Deliveries.sqs(batch, false), null).getBatchItemFailures()).isEmpty();
        }

        // then the counters are exact
        assertThat(servers.counters()).isEqualTo(scenarios.expectedCounters());
    }

    /** Stands for the process dying: not an exception the logger handles. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash after the MongoDB write");
        }
    }
}
