package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.RejectionReason;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqsEventHandlerTest {
    private static TestServers servers;

    private MongoDatabase database;
    private RecordingMetrics metrics;
    private SqsEventHandler handler;

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
        metrics = new RecordingMetrics();
        handler = new SqsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(), metrics);
    }

    @Test
    void storesACallDeliveredInSnsEnvelopesAndCountsIt() {
        // given a call's five events as SNS -> SQS delivers them
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-sns-envelope.json");

        // when the batch is handled
        SQSBatchResponse response = handler.handleRequest(event, null);

        // then nothing is reported failed, the CDR is complete and the counters count the call once
        assertThat(response.getBatchItemFailures()).isEmpty();
        Document cdr = StoredRecords.get(database, "fx-sqs-1");
        assertThat(cdr.getString("campaignId")).isEqualTo("spring-sale");
        assertThat(cdr.getString("contactId")).isEqualTo("contact-42");
        assertThat(cdr.getString("status")).isEqualTo("completed");
        assertThat(cdr.getString("outcome")).isEqualTo("converted");
        assertThat(cdr.get("startTime")).isEqualTo(Date.from(Instant.parse("2024-01-15T10:35:00Z")));
        assertThat(cdr.get("endTime")).isEqualTo(Date.from(Instant.parse("2024-01-15T10:36:01Z")));
        assertThat(cdr.get("duration")).isEqualTo(61L);
        // answered 10:35:08, ended 10:36:01: 53 billable seconds, one started minute
        assertThat(cdr.get("billableSeconds")).isEqualTo(53L);
        assertThat(cdr.get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.010000")));
        assertThat(cdr.getList("dtmfInputs", String.class)).containsExactly("1");
        assertThat(cdr.getList("actionsTriggered", Document.class)).hasSize(1);
        assertThat(cdr.get("metadata", Document.class)).containsEntry("agentId", "agent-7");
        assertThat(servers.counters()).isEqualTo(Map.of(
                "campaign:spring-sale:total_attempts", "1",
                "campaign:spring-sale:answered", "1",
                "campaign:spring-sale:converted", "1",
                "campaign:spring-sale:action:transfer", "1",
                "campaign:spring-sale:last_activity", Long.toString(Instant.parse("2024-01-15T10:36:01Z").toEpochMilli())));
        assertThat(metrics.sum(figures -> figures.eventsProcessed())).isEqualTo(5);
        assertThat(metrics.sum(figures -> figures.cdrsWritten())).isEqualTo(1);
    }

    @Test
    void readsBareEventsUnderRawMessageDelivery() {
        // given raw delivery
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-raw-delivery.json");

        // when
        SQSBatchResponse response = handler.handleRequest(event, null);

        // then
        assertThat(response.getBatchItemFailures()).isEmpty();
        Document cdr = StoredRecords.get(database, "fx-raw-1");
        assertThat(cdr.getString("outcome")).isEqualTo("no_answer");
        assertThat(cdr.getBoolean("answered")).isFalse();
        assertThat(cdr.get("duration")).isEqualTo(30L);
        assertThat(servers.counters()).containsEntry("campaign:spring-sale:no_answer", "1")
                .containsEntry("campaign:spring-sale:total_attempts", "1")
                .doesNotContainKey("campaign:spring-sale:active_calls");
    }

    @Test
    void skipsInvalidEventsWithoutFailingThemAndStoresTheRest() {
        // given a batch with a non-JSON message and an unknown event type among valid events
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-valid-and-invalid.json");

        // when
        SQSBatchResponse response = handler.handleRequest(event, null);

        // then the invalid ones are skipped and counted, never reported for redelivery
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(StoredRecords.get(database, "fx-mix-1")).isNotNull();
        assertThat(StoredRecords.get(database, "fx-mix-3").getString("outcome")).isEqualTo("busy");
        assertThat(StoredRecords.get(database, "fx-mix-2")).isNull();
        assertThat(metrics.skippedByReason()).isEqualTo(Map.of(
                RejectionReason.MALFORMED_JSON, 1, RejectionReason.UNKNOWN_EVENT_TYPE, 1));
    }

    @Test
    void aRedeliveredBatchChangesNothingAndWritesNothing() {
        // given the batch was handled once
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-sns-envelope.json");
        handler.handleRequest(event, null);
        Map<String, Document> records = StoredRecords.comparable(database);
        Map<String, String> counters = servers.counters();
        long version = StoredRecords.get(database, "fx-sqs-1").getLong("version");

        // when SQS delivers it again
        SQSBatchResponse response = handler.handleRequest(EventLoader.loadSQSEvent("events/sqs-sns-envelope.json"), null);

        // then
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(StoredRecords.comparable(database)).isEqualTo(records);
        assertThat(StoredRecords.get(database, "fx-sqs-1").getLong("version")).isEqualTo(version);
        assertThat(servers.counters()).isEqualTo(counters);
        assertThat(metrics.batches.get(1).cdrsWritten()).isZero();
    }

    @Test
    void anEmptyEventIsAnEmptyAnswer() {
        assertThat(handler.handleRequest(new SQSEvent(), null).getBatchItemFailures()).isEmpty();
    }
}
