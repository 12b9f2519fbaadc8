package io.cdrplatform.reliability.calls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One call event as the generator made it: its meaning (for the oracle) and its JSON text (what is
 * published). Fields that do not apply to the kind are null.
 *
 * @param id         unique over a generated load: {@code callId#seq}
 * @param parameters the action's parameters (ACTION only)
 * @param metadata   the event's metadata object, or null
 */
public record GeneratedEvent(
        String id,
        String callId,
        EventKind kind,
        Instant timestamp,
        String digit,
        String actionType,
        ObjectNode parameters,
        String outcome,
        Instant startTime,
        Long duration,
        String contactId,
        String phoneNumber,
        String source,
        ObjectNode metadata,
        String json) {

    /** The contract's event types, as the generator uses them. */
    public enum EventKind {
        INITIATED("call_initiated"),
        ANSWERED("call_answered"),
        DTMF("dtmf_pressed"),
        ACTION("action_triggered"),
        ENDED("call_ended");

        private final String wireName;

        EventKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
