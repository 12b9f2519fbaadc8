package io.cdrplatform.core.event;

import java.util.Optional;

/** How a call ended. Declaration order is the tie-break order of the CDR fold. */
public enum Outcome {
    ANSWERED("answered"),
    NO_ANSWER("no_answer"),
    BUSY("busy"),
    FAILED("failed"),
    VOICEMAIL("voicemail"),
    CONVERTED("converted"),
    OPTED_OUT("opted_out");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A person took the call: the contract counts these ends as having reached status {@code answered}. */
    public boolean reachesAnswered() {
        return this == ANSWERED || this == CONVERTED || this == OPTED_OUT;
    }

    public static Optional<Outcome> fromWireName(String name) {
        for (Outcome outcome : values()) {
            if (outcome.wireName.equals(name)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }
}
