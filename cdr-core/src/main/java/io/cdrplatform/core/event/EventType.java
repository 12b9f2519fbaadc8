package io.cdrplatform.core.event;

import java.util.Optional;

/** The closed set of call event types of the public contract. */
public enum EventType {
    CALL_INITIATED("call_initiated"),
    CALL_ANSWERED("call_answered"),
    CALL_ENDED("call_ended"),
    DTMF_PRESSED("dtmf_pressed"),
    ACTION_TRIGGERED("action_triggered");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
