package io.cdrplatform.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One validated call event. Optional fields are null when absent. Fields that belong to another
 * event type (an {@code outcome} on {@code call_answered}, say) are never set: the parser drops them.
 *
 * @param durationSeconds on {@code call_ended} only: the duration the sender measured
 * @param startTime       on {@code call_ended} only: the start the sender knew
 */
public record CallEvent(
        String callId,
        String campaignId,
        EventType type,
        Instant timestamp,
        String contactId,
        String phoneNumber,
        Outcome outcome,
        String digit,
        Action action,
        Instant startTime,
        Long durationSeconds,
        String source,
        Map<String, Object> metadata) {

    public CallEvent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        metadata = JsonValues.immutableObject(metadata);
        if (type == EventType.CALL_ENDED && outcome == null) {
            throw new IllegalArgumentException("call_ended needs an outcome");
        }
        if (type == EventType.DTMF_PRESSED && digit == null) {
            throw new IllegalArgumentException("dtmf_pressed needs a digit");
        }
        if (type == EventType.ACTION_TRIGGERED && action == null) {
            throw new IllegalArgumentException("action_triggered needs an action");
        }
    }

    public static Builder builder(String callId, String campaignId, EventType type, Instant timestamp) {
        return new Builder(callId, campaignId, type, timestamp);
    }

    /** Builds events in code (adapters, tests, benchmarks); the parser is the way in for JSON. */
    public static final class Builder {
        private final String callId;
        private final String campaignId;
        private final EventType type;
        private final Instant timestamp;
        private String contactId;
        private String phoneNumber;
        private Outcome outcome;
        private String digit;
        private Action action;
        private Instant startTime;
        private Long durationSeconds;
        private String source;
        private Map<String, Object> metadata = Map.of();

        private Builder(String callId, String campaignId, EventType type, Instant timestamp) {
            this.callId = callId;
            this.campaignId = campaignId;
            this.type = type;
            this.timestamp = timestamp;
        }

        public Builder contactId(String value) {
            this.contactId = value;
            return this;
        }

        public Builder phoneNumber(String value) {
            this.phoneNumber = value;
            return this;
        }

        public Builder outcome(Outcome value) {
            this.outcome = value;
            return this;
        }

        public Builder digit(String value) {
            this.digit = value;
            return this;
        }

        public Builder action(Action value) {
            this.action = value;
            return this;
        }

        public Builder startTime(Instant value) {
            this.startTime = value;
            return this;
        }

        public Builder durationSeconds(Long value) {
            this.durationSeconds = value;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        public Builder metadata(Map<String, Object> value) {
            this.metadata = value;
            return this;
        }

        public CallEvent build() {
            return new CallEvent(callId, campaignId, type, timestamp, contactId, phoneNumber, outcome, digit,
                    action, startTime, durationSeconds, source, metadata);
        }
    }
}
