package io.cdrplatform.core.avaya;

import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a PBX record into the {@code call_ended} event the bridge publishes. */
public final class AvayaCallEvents {

    public static final String SOURCE = "avaya";

    private AvayaCallEvents() {
    }

    /**
     * A {@code call_ended} event: outcome {@code answered} when the duration is above 0, else
     * {@code no_answer}; {@code phoneNumber} the calling number; the record's own fields in metadata.
     */
    public static CallEvent toCallEnded(AvayaRecord record, String campaignId) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("calledNumber", record.calledNumber());
        metadata.put("callingNumber", record.callingNumber());
        metadata.put("callCode", record.callCode());
        metadata.put("rawLine", record.rawLine());
        return CallEvent.builder(record.callId(), campaignId, EventType.CALL_ENDED, record.endedAt())
                .outcome(record.durationSeconds() > 0 ? Outcome.ANSWERED : Outcome.NO_ANSWER)
                .phoneNumber(phoneNumberOrNull(record.callingNumber()))
                .startTime(record.startedAt())
                .durationSeconds(record.durationSeconds())
                .source(SOURCE)
                .metadata(metadata)
                .build();
    }

    /** Only numbers the event contract accepts become {@code phoneNumber}; the raw one stays in metadata. */
    private static String phoneNumberOrNull(String number) {
        return number.matches("\\+[0-9]{3,20}|[0-9]{1,20}") ? number : null;
    }
}
