package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.RejectionReason;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every rule of CONTRACT section 1 broken at least once, in one batch with valid events. */
class BadInputTest {
    private static TestServers servers;

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    /** A message breaking a rule, the reason it must be skipped for, and the callId the WARN line must name (null: none). */
    record Broken(String rule, String message, RejectionReason reason, String loggedCallId) {
    }

    private static String event(String callId, String extra) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"bad-input\",\"eventType\":\"call_initiated\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\"" + extra + "}";
    }

    private static String typed(String callId, String type, String extra) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"bad-input\",\"eventType\":\"" + type + "\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\"" + extra + "}";
    }

    static List<Broken> brokenRules() {
        String big = "x".repeat(300 * 1024);
        String kb5 = "y".repeat(5 * 1024);
        return List.of(
                new Broken("larger than SNS allows", event("b-size", ",\"metadata\":{\"pad\":\"" + big + "\"}"),
                        RejectionReason.MESSAGE_TOO_LARGE, null),
                new Broken("not JSON", "{\"callId\": \"b-json\", ", RejectionReason.MALFORMED_JSON, null),
                new Broken("duplicate keys", "{\"callId\":\"b-dup\",\"callId\":\"b-dup2\"}", RejectionReason.MALFORMED_JSON, null),
                new Broken("not an object", "[\"call_initiated\"]", RejectionReason.NOT_AN_OBJECT, null),
                new Broken("callId required", "{\"campaignId\":\"bad-input\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}",
                        RejectionReason.MISSING_CALL_ID, null),
                new Broken("callId charset", event("b call 1", ""), RejectionReason.INVALID_CALL_ID, "b call 1"),
                new Broken("callId length", event("b" + "1".repeat(128), ""), RejectionReason.INVALID_CALL_ID,
                        "b" + "1".repeat(127)),
                new Broken("callId is a string", "{\"callId\":42,\"campaignId\":\"bad-input\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}",
                        RejectionReason.INVALID_CALL_ID, null),
                new Broken("campaignId required", "{\"callId\":\"b-camp-1\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}",
                        RejectionReason.MISSING_CAMPAIGN_ID, "b-camp-1"),
                new Broken("campaignId charset", "{\"callId\":\"b-camp-2\",\"campaignId\":\"spring/sale\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}",
                        RejectionReason.INVALID_CAMPAIGN_ID, "b-camp-2"),
                new Broken("campaignId length", "{\"callId\":\"b-camp-3\",\"campaignId\":\"" + "c".repeat(129) + "\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}",
                        RejectionReason.INVALID_CAMPAIGN_ID, "b-camp-3"),
                new Broken("eventType required", "{\"callId\":\"b-type-1\",\"campaignId\":\"bad-input\",\"timestamp\":\"2024-01-15T10:35:00Z\"}",
                        RejectionReason.MISSING_EVENT_TYPE, "b-type-1"),
                new Broken("eventType closed set", typed("b-type-2", "call_transferred", ""), RejectionReason.UNKNOWN_EVENT_TYPE, "b-type-2"),
                new Broken("timestamp required", "{\"callId\":\"b-ts-1\",\"campaignId\":\"bad-input\",\"eventType\":\"call_initiated\"}",
                        RejectionReason.MISSING_TIMESTAMP, "b-ts-1"),
                new Broken("timestamp needs a zone", "{\"callId\":\"b-ts-2\",\"campaignId\":\"bad-input\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00\"}",
                        RejectionReason.INVALID_TIMESTAMP, "b-ts-2"),
                new Broken("timestamp is ISO-8601", "{\"callId\":\"b-ts-3\",\"campaignId\":\"bad-input\",\"eventType\":\"call_initiated\",\"timestamp\":\"15/01/2024 10:35\"}",
                        RejectionReason.INVALID_TIMESTAMP, "b-ts-3"),
                new Broken("contactId is a string", event("b-contact", ",\"contactId\":{\"id\":1}"), RejectionReason.INVALID_CONTACT_ID, "b-contact"),
                new Broken("phoneNumber E.164-like", event("b-phone-1", ",\"phoneNumber\":\"+12\""), RejectionReason.INVALID_PHONE_NUMBER, "b-phone-1"),
                new Broken("phoneNumber digits", event("b-phone-2", ",\"phoneNumber\":\"555-1234\""), RejectionReason.INVALID_PHONE_NUMBER, "b-phone-2"),
                new Broken("outcome on call_ended", typed("b-out-1", "call_ended", ""), RejectionReason.MISSING_OUTCOME, "b-out-1"),
                new Broken("outcome closed set", typed("b-out-2", "call_ended", ",\"outcome\":\"hung_up\""), RejectionReason.INVALID_OUTCOME, "b-out-2"),
                new Broken("digit on dtmf_pressed", typed("b-digit-1", "dtmf_pressed", ""), RejectionReason.MISSING_DIGIT, "b-digit-1"),
                new Broken("digit 0-9 * # A-D", typed("b-digit-2", "dtmf_pressed", ",\"digit\":\"E\""), RejectionReason.INVALID_DIGIT, "b-digit-2"),
                new Broken("action on action_triggered", typed("b-action-1", "action_triggered", ""), RejectionReason.MISSING_ACTION, "b-action-1"),
                new Broken("action.type charset", typed("b-action-2", "action_triggered", ",\"action\":{\"type\":\"Transfer!\",\"parameters\":{}}"),
                        RejectionReason.INVALID_ACTION, "b-action-2"),
                new Broken("action.parameters object", typed("b-action-3", "action_triggered", ",\"action\":{\"type\":\"transfer\",\"parameters\":[1]}"),
                        RejectionReason.INVALID_ACTION, "b-action-3"),
                new Broken("startTime ISO-8601", typed("b-start-1", "call_ended", ",\"outcome\":\"answered\",\"startTime\":\"yesterday\""),
                        RejectionReason.INVALID_START_TIME, "b-start-1"),
                new Broken("startTime not after the end", typed("b-start-2", "call_ended", ",\"outcome\":\"answered\",\"startTime\":\"2024-01-15T11:00:00Z\""),
                        RejectionReason.INVALID_START_TIME, "b-start-2"),
                new Broken("duration integer seconds", typed("b-dur-1", "call_ended", ",\"outcome\":\"answered\",\"duration\":12.5"),
                        RejectionReason.INVALID_DURATION, "b-dur-1"),
                new Broken("duration not negative", typed("b-dur-2", "call_ended", ",\"outcome\":\"answered\",\"duration\":-1"),
                        RejectionReason.INVALID_DURATION, "b-dur-2"),
                new Broken("source charset", event("b-source", ",\"source\":\"my pbx\""), RejectionReason.INVALID_SOURCE, "b-source"),
                new Broken("metadata object", event("b-meta-1", ",\"metadata\":\"vip\""), RejectionReason.INVALID_METADATA, "b-meta-1"),
                new Broken("metadata at most 4 KiB", event("b-meta-2", ",\"metadata\":{\"note\":\"" + kb5 + "\"}"),
                        RejectionReason.METADATA_TOO_LARGE, "b-meta-2"),
                new Broken("metadata key $", event("b-meta-3", ",\"metadata\":{\"$where\":\"1\"}"), RejectionReason.FORBIDDEN_KEY, "b-meta-3"),
                new Broken("metadata key with a dot", event("b-meta-4", ",\"metadata\":{\"a\":{\"b.c\":1}}"), RejectionReason.FORBIDDEN_KEY, "b-meta-4"),
                new Broken("control bytes in callId are escaped in the log", event("b\\r\\nforged", ""), RejectionReason.INVALID_CALL_ID,
                        "b\\r\\nforged"));
    }

    @Test
    void everyBrokenRuleIsSkippedWithItsReasonWhileTheValidEventsOfTheBatchAreStored() {
        // given one batch: valid events between messages that each break one rule
        List<Broken> broken = brokenRules();
        List<String> valid = List.of(
                event("ok-1", ",\"phoneNumber\":\"+15551234567\",\"contactId\":\"c-1\",\"source\":\"asterisk\""),
                typed("ok-1", "call_answered", "").replace("10:35:00Z", "10:35:05+02:00"),
                event("ok-2", ",\"phoneNumber\":\"2432\",\"metadata\":{\"list\":\"spring\"}"),
                typed("ok-2", "dtmf_pressed", ",\"digit\":\"#\""),
                typed("ok-2", "action_triggered", ",\"action\":{\"type\":\"opt_out_1\",\"parameters\":{\"k\":[1,2]}}"),
                typed("ok-3", "call_ended", ",\"outcome\":\"voicemail\",\"duration\":0"));
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < broken.size(); i++) {
            messages.add(broken.get(i).message());
            if (i < valid.size()) {
                messages.add(valid.get(i));
            }
        }
        MongoDatabase database = servers.freshDatabase();
        RecordingMetrics metrics = new RecordingMetrics();
        SqsEventHandler handler = new SqsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(), metrics);

        // when it is handled
        SQSBatchResponse response = handler.handleRequest(Deliveries.sqs(messages, false), null);

        // then nothing fails, every valid event is stored
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(StoredRecords.comparable(database)).containsOnlyKeys("ok-1", "ok-2", "ok-3");
        assertThat(StoredRecords.get(database, "ok-1").getString("status")).isEqualTo("answered");
        assertThat(StoredRecords.get(database, "ok-2").getList("dtmfInputs", String.class)).containsExactly("#");
        assertThat(servers.counters()).containsEntry("campaign:bad-input:total_attempts", "3")
                .containsEntry("campaign:bad-input:voicemail", "1");

        // and every rule was counted under its reason, every reason at least once (PARSER_FAILURE is
        // no rule of the contract but a parser bug: CallEventIngestorTest covers it)
        Map<RejectionReason, Integer> expected = new EnumMap<>(RejectionReason.class);
        broken.forEach(b -> expected.merge(b.reason(), 1, Integer::sum));
        assertThat(expected.keySet()).isEqualTo(EnumSet.complementOf(EnumSet.of(RejectionReason.PARSER_FAILURE)));
        assertThat(metrics.skippedByReason()).isEqualTo(expected);
        assertThat(metrics.batches.get(0).eventsProcessed()).isEqualTo(valid.size());

        // and each has a WARN line naming its callId and reason code
        Set<String> warned = JsonLogLines.all().stream()
                .filter(line -> "WARN".equals(line.path("level").asText()) && line.has("reason"))
                .map(BadInputTest::callIdAndReason)
                .collect(Collectors.toSet());
        for (Broken b : broken) {
            assertThat(warned).as(b.rule()).contains((b.loggedCallId() == null ? "-" : b.loggedCallId()) + " " + b.reason().code());
        }
    }

    private static String callIdAndReason(JsonNode line) {
        JsonNode callId = line.get("callId");
        return (callId == null || callId.isNull() ? "-" : callId.asText()) + " " + line.path("reason").asText();
    }
}
