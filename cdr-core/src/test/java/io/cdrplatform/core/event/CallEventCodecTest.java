package io.cdrplatform.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallEventCodecTest {

    private final CallEventCodec codec = new CallEventCodec();

    private CallEvent accepted(String json) {
        EventParseResult result = codec.parse(json);
        assertThat(result).isInstanceOf(EventParseResult.Accepted.class);
        return ((EventParseResult.Accepted) result).event();
    }

    private EventParseResult.Rejected rejected(String json) {
        EventParseResult result = codec.parse(json);
        assertThat(result).isInstanceOf(EventParseResult.Rejected.class);
        return (EventParseResult.Rejected) result;
    }

    private static String event(String extra) {
        return "{\"callId\":\"c-1\",\"campaignId\":\"camp-1\",\"eventType\":\"call_initiated\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\"" + extra + "}";
    }

    private static String ended(String extra) {
        return "{\"callId\":\"c-1\",\"campaignId\":\"camp-1\",\"eventType\":\"call_ended\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"answered\"" + extra + "}";
    }

    @Test
    void readsEveryFieldOfACallEndedEvent() {
        CallEvent event = accepted(ended(",\"contactId\":\"contact 7\",\"phoneNumber\":\"+14155550100\","
                + "\"startTime\":\"2024-01-15T12:30:00+02:00\",\"duration\":300,\"source\":\"asterisk\","
                + "\"metadata\":{\"agent\":\"bob\",\"n\":1},\"unknownField\":true"));

        assertThat(event.callId()).isEqualTo("c-1");
        assertThat(event.campaignId()).isEqualTo("camp-1");
        assertThat(event.type()).isEqualTo(EventType.CALL_ENDED);
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-01-15T10:35:00Z"));
        assertThat(event.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(event.startTime()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
        assertThat(event.durationSeconds()).isEqualTo(300L);
        assertThat(event.contactId()).isEqualTo("contact 7");
        assertThat(event.phoneNumber()).isEqualTo("+14155550100");
        assertThat(event.source()).isEqualTo("asterisk");
        assertThat(event.metadata()).containsEntry("agent", "bob").containsEntry("n", 1L);
    }

    @Test
    void readsTimestampsWithAnOffsetAndFractions() {
        CallEvent event = accepted("{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\","
                + "\"timestamp\":\"2024-01-15T12:35:00.123+02:00\"}");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-01-15T10:35:00.123Z"));
    }

    @Test
    void readsDtmfAndActionEvents() {
        CallEvent dtmf = accepted("{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"dtmf_pressed\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\",\"digit\":\"#\"}");
        CallEvent action = accepted("{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"action_triggered\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\",\"action\":{\"type\":\"send_sms\",\"parameters\":{\"to\":\"+1555\"}}}");
        assertThat(dtmf.digit()).isEqualTo("#");
        assertThat(action.action()).isEqualTo(new Action("send_sms", Map.of("to", "+1555")));
    }

    @Test
    void dropsFieldsThatBelongToAnotherEventType() {
        CallEvent event = accepted(event(",\"outcome\":\"bogus\",\"digit\":\"x\",\"duration\":-5"));
        assertThat(event.outcome()).isNull();
        assertThat(event.digit()).isNull();
        assertThat(event.durationSeconds()).isNull();
    }

    @Test
    void acceptsAPbxExtensionAsPhoneNumber() {
        assertThat(accepted(event(",\"phoneNumber\":\"2432\"")).phoneNumber()).isEqualTo("2432");
    }

    @Test
    void writtenEventsReadBackEqual() {
        CallEvent original = CallEvent.builder("c-9", "k", EventType.CALL_ENDED, Instant.parse("2024-01-15T10:35:00.5Z"))
                .outcome(Outcome.CONVERTED).startTime(Instant.parse("2024-01-15T10:30:00Z")).durationSeconds(299L)
                .phoneNumber("+4930123456").contactId("x").source("avaya")
                .metadata(Map.of("a", Map.of("b", 1), "list", java.util.List.of("x", 2)))
                .build();
        assertThat(accepted(codec.write(original))).isEqualTo(original);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json                                                            | MALFORMED_JSON",
            "[1,2]                                                               | NOT_AN_OBJECT",
            "{\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | MISSING_CALL_ID",
            "{\"callId\":\"a b\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | INVALID_CALL_ID",
            "{\"callId\":7,\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | INVALID_CALL_ID",
            "{\"callId\":\"\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | INVALID_CALL_ID",
            "{\"callId\":\"c\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | MISSING_CAMPAIGN_ID",
            "{\"callId\":\"c\",\"campaignId\":\"k/1\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | INVALID_CAMPAIGN_ID",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | MISSING_EVENT_TYPE",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_exploded\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | UNKNOWN_EVENT_TYPE",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\"} | MISSING_TIMESTAMP",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00\"} | INVALID_TIMESTAMP",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15\"} | INVALID_TIMESTAMP",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":1705314900} | INVALID_TIMESTAMP",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"1969-12-31T23:59:59Z\"} | INVALID_TIMESTAMP",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"phoneNumber\":\"+12\"} | INVALID_PHONE_NUMBER",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"phoneNumber\":\"555-0100\"} | INVALID_PHONE_NUMBER",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"contactId\":\"\"} | INVALID_CONTACT_ID",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"source\":\"a b\"} | INVALID_SOURCE",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | MISSING_OUTCOME",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"hung_up\"} | INVALID_OUTCOME",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"duration\":-1} | INVALID_DURATION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"duration\":1.5} | INVALID_DURATION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"duration\":\"12\"} | INVALID_DURATION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"duration\":99999999999} | INVALID_DURATION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"duration\":1e400} | INVALID_DURATION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"duration\":-1e400} | INVALID_DURATION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"startTime\":\"yesterday\"} | INVALID_START_TIME",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"outcome\":\"busy\",\"startTime\":\"2024-01-15T10:36:00Z\"} | INVALID_START_TIME",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"dtmf_pressed\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | MISSING_DIGIT",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"dtmf_pressed\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"digit\":\"E\"} | INVALID_DIGIT",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"dtmf_pressed\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"digit\":\"12\"} | INVALID_DIGIT",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"action_triggered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | MISSING_ACTION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"action_triggered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"action\":\"sms\"} | INVALID_ACTION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"action_triggered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"action\":{\"type\":\"Send-SMS\"}} | INVALID_ACTION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"action_triggered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"action\":{\"type\":\"sms\",\"parameters\":[1]}} | INVALID_ACTION",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"action_triggered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"action\":{\"type\":\"sms\",\"parameters\":{\"$set\":1}}} | FORBIDDEN_KEY",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"metadata\":\"x\"} | INVALID_METADATA",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"metadata\":{\"$where\":\"1\"}} | FORBIDDEN_KEY",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"metadata\":{\"a.b\":1}} | FORBIDDEN_KEY",
            "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\",\"metadata\":{\"ok\":[{\"deep\":{\"$gt\":1}}]}} | FORBIDDEN_KEY",
            "{\"callId\":\"c\",\"callId\":\"d\",\"campaignId\":\"k\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T10:35:00Z\"} | MALFORMED_JSON",
    })
    void rejectsEachBrokenRuleWithItsReason(String json, RejectionReason reason) {
        EventParseResult.Rejected rejection = rejected(json);
        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.detail()).isNotBlank();
    }

    @Test
    void rejectsNumbersBeyondTheRangeOfADoubleRatherThanStoringInfinity() {
        assertThat(rejected(event(",\"metadata\":{\"huge\":1e400}")).reason()).isEqualTo(RejectionReason.INVALID_METADATA);
        assertThat(rejected(event(",\"metadata\":{\"deep\":[{\"x\":-2e308}]}")).reason())
                .isEqualTo(RejectionReason.INVALID_METADATA);
        assertThat(rejected("{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"action_triggered\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\",\"action\":{\"type\":\"sms\",\"parameters\":{\"n\":1e999}}}").reason())
                .isEqualTo(RejectionReason.INVALID_ACTION);
        // the largest double, big integers and tiny numbers are fine
        CallEvent event = accepted(event(",\"metadata\":{\"max\":1.7976931348623157e308,\"big\":123456789012345678901234567890,"
                + "\"tiny\":1e-400}"));
        assertThat(accepted(codec.write(event))).isEqualTo(event);
    }

    @Test
    void rejectionNamesTheCallIdItSaw() {
        EventParseResult.Rejected rejection = rejected("{\"callId\":\"c-42\",\"campaignId\":\"k\",\"eventType\":\"nope\","
                + "\"timestamp\":\"2024-01-15T10:35:00Z\"}");
        assertThat(rejection.callId()).isEqualTo("c-42");
        assertThat(rejection.detail()).contains("nope");
    }

    @Test
    void rejectsMetadataOverFourKibibytesAndAcceptsItAtTheLimit() {
        String filler = "x".repeat(4096 - "{\"k\":\"\"}".length());
        assertThat(accepted(event(",\"metadata\":{\"k\":\"" + filler + "\"}")).metadata()).containsKey("k");
        assertThat(rejected(event(",\"metadata\":{\"k\":\"" + filler + "x\"}")).reason())
                .isEqualTo(RejectionReason.METADATA_TOO_LARGE);
    }

    @Test
    void rejectsMessagesLargerThanSnsAllows() {
        String huge = event(",\"pad\":\"" + "y".repeat(CallEventCodec.MAX_MESSAGE_BYTES) + "\"");
        assertThat(rejected(huge).reason()).isEqualTo(RejectionReason.MESSAGE_TOO_LARGE);
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutBlowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(rejected(event(",\"metadata\":{\"d\":" + deep + "}")).reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null", "\"text\"", "42"})
    void rejectsNonObjectMessages(String json) {
        assertThat(codec.parse(json)).isInstanceOf(EventParseResult.Rejected.class);
    }

    @Test
    void nullMessageIsRejectedNotThrown() {
        assertThat(codec.parse(null)).isInstanceOf(EventParseResult.Rejected.class);
    }
}
