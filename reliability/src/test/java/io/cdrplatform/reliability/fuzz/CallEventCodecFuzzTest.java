package io.cdrplatform.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventParseResult;
import io.cdrplatform.core.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the event parser (SNS message text -> call event). Whatever the bytes,
 * {@link CallEventCodec#parse} answers {@code Accepted} or {@code Rejected} (never throws, never
 * null); whatever it accepts keeps the contract's rules (checked here independently of the codec);
 * and an accepted event written back and read again is the same event.
 *
 * <p>Seeds: {@code src/test/resources/io/cdrplatform/reliability/fuzz/CallEventCodecFuzzTestInputs/}.
 */
class CallEventCodecFuzzTest {

    private static final CallEventCodec CODEC = new CallEventCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"\"callId\"", "\"campaignId\"", "\"eventType\"", "\"timestamp\"", "\"contactId\"",
        "\"phoneNumber\"", "\"outcome\"", "\"digit\"", "\"action\"", "\"type\"", "\"parameters\"", "\"startTime\"",
        "\"duration\"", "\"source\"", "\"metadata\"", "\"call_initiated\"", "\"call_answered\"", "\"call_ended\"",
        "\"dtmf_pressed\"", "\"action_triggered\"", "\"answered\"", "\"no_answer\"", "\"busy\"", "\"failed\"",
        "\"voicemail\"", "\"converted\"", "\"opted_out\"", "\"2024-01-15T10:35:00Z\"", "\"2024-01-15T10:35:00.5+02:00\"",
        "\"$set\"", "\"a.b\"", "\\u0000", "1e400", "-0.0", "9223372036854775808", "null", "true", "[]", "{}"})
    void parseNeverFailsAndAcceptedEventsRoundTrip(byte[] input) {
        String message = new String(input, StandardCharsets.UTF_8);

        EventParseResult result = CODEC.parse(message);

        assertThat(result).isNotNull();
        if (result instanceof EventParseResult.Rejected rejected) {
            assertThat(rejected.reason()).isNotNull();
            assertThat(rejected.detail()).isNotBlank();
            assertThat(rejected.callId() == null || rejected.callId().length() <= 128).isTrue();
            return;
        }
        CallEvent event = ((EventParseResult.Accepted) result).event();
        keepsTheContract(event);

        String written = CODEC.write(event);
        EventParseResult again = CODEC.parse(written);
        assertThat(again).as("an accepted event, written and read again: %s", written)
                .isInstanceOf(EventParseResult.Accepted.class);
        assertThat(((EventParseResult.Accepted) again).event()).as("round trip of %s", written).isEqualTo(event);
    }

    /** CONTRACT section 1, read on its own. */
    private static void keepsTheContract(CallEvent event) {
        assertThat(event.callId()).matches(ID);
        assertThat(event.campaignId()).matches(ID);
        assertThat(event.timestamp()).isBetween(EARLIEST, LATEST);
        assertThat(event.outcome() != null).isEqualTo(event.type() == EventType.CALL_ENDED);
        assertThat(event.digit() != null).isEqualTo(event.type() == EventType.DTMF_PRESSED);
        assertThat(event.action() != null).isEqualTo(event.type() == EventType.ACTION_TRIGGERED);
        if (event.digit() != null) {
            assertThat(event.digit()).matches("[0-9*#A-D]");
        }
        if (event.phoneNumber() != null) {
            assertThat(event.phoneNumber()).matches("\\+[0-9]{3,20}|[0-9]{1,20}");
        }
        if (event.startTime() != null) {
            assertThat(event.startTime()).isBeforeOrEqualTo(event.timestamp());
        }
        if (event.durationSeconds() != null) {
            assertThat(event.durationSeconds()).isNotNegative();
        }
        try {
            assertThat(JSON.writeValueAsBytes(event.metadata()).length).isLessThanOrEqualTo(4096);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("accepted metadata that cannot be written as JSON", e);
        }
        noForbiddenKeys(event.metadata());
        if (event.action() != null) {
            assertThat(event.action().type()).matches("[a-z0-9_]{1,64}");
            noForbiddenKeys(event.action().parameters());
        }
    }

    private static void noForbiddenKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, nested) -> {
                String name = String.valueOf(key);
                assertThat(name.startsWith("$") || name.contains(".") || name.contains("\0"))
                        .as("forbidden key %s", name).isFalse();
                noForbiddenKeys(nested);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(CallEventCodecFuzzTest::noForbiddenKeys);
        }
    }
}
