package io.cdrplatform.core.avaya;

import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a PBX record into the {@code call_ended} event the bridge publishes. */
public final class AvayaCallEvents {

    public static final String SOURCE = "avaya";

    private AvayaCallEvents() {
    }

    /** A seed-rule event: outcome {@code answered} when the duration is above 0, else {@code no_answer}. */
    public static CallEvent toCallEnded(AvayaRecord record, String campaignId) {
        return toCallEnded(record, campaignId, ConditionCodes.defaults());
    }

    /**
     * A {@code call_ended} event: the outcome from the condition code ({@link ConditionCodes});
     * {@code phoneNumber} the calling number; every field the layout carries in metadata (never the
     * authorization code), plus {@code rawLine} (masked), and for layouts other than the seed's the
     * {@code layout}, the {@code pbx} when it is not the default, {@code durationUnknown} for CM's
     * {@code 9999} (no duration then: the CDR's duration is 0, billed as nothing) and
     * {@code interimRecords} when 10-hour records were folded in. Only for records whose rule is an
     * attempt ({@link ConditionCodes.Rule#isAttempt()}).
     */
    public static CallEvent toCallEnded(AvayaRecord record, String campaignId, ConditionCodes codes) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (CdrField field : CdrField.values()) {
            String value = record.fields().get(field);
            if (value != null && field.metadataKey() != null) {
                metadata.putIfAbsent(field.metadataKey(), value);
            }
        }
        metadata.put("rawLine", record.rawLine());
        if (!record.layout().equals(SeedLayout.NAME)) {
            metadata.put("layout", record.layout());
        }
        if (!record.pbx().isEmpty()) {
            metadata.put("pbx", record.pbx());
        }
        if (!record.durationKnown()) {
            metadata.put("durationUnknown", true);
        }
        if (record.interimRecords() > 0) {
            metadata.put("interimRecords", record.interimRecords());
        }
        CallEvent.Builder event = CallEvent.builder(record.callId(), campaignId, EventType.CALL_ENDED, record.endedAt())
                .outcome(codes.outcomeOf(record))
                .phoneNumber(phoneNumberOrNull(record.callingNumber()))
                .startTime(record.startedAt())
                .source(SOURCE)
                .metadata(metadata);
        if (record.durationKnown()) {
            event.durationSeconds(record.durationSeconds());
        }
        return event.build();
    }

    /** Only numbers the event contract accepts become {@code phoneNumber}; the raw one stays in metadata. */
    private static String phoneNumberOrNull(String number) {
        return number.matches("\\+[0-9]{3,20}|[0-9]{1,20}") ? number : null;
    }
}
