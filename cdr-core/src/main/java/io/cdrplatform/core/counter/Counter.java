package io.cdrplatform.core.counter;

import io.cdrplatform.core.event.Outcome;

/**
 * The per-campaign call counters of the contract (section 3). Each counts calls, never events.
 * {@code last_activity} and the per-action-type keys are not counts of this kind and live in
 * {@link CounterContribution}.
 */
public enum Counter {
    TOTAL_ATTEMPTS("total_attempts", "totalAttempts"),
    ACTIVE_CALLS("active_calls", "activeCalls"),
    ANSWERED("answered", "answered"),
    BUSY("busy", "busy"),
    FAILED("failed", "failed"),
    CONVERTED("converted", "converted"),
    OPTED_OUT("opted_out", "optedOut"),
    NO_ANSWER("no_answer", "noAnswer"),
    VOICEMAIL("voicemail", "voicemail");

    private final String keySuffix;
    private final String jsonName;

    Counter(String keySuffix, String jsonName) {
        this.keySuffix = keySuffix;
        this.jsonName = jsonName;
    }

    /** The last segment of the Redis key, e.g. {@code total_attempts}. */
    public String keySuffix() {
        return keySuffix;
    }

    /** The camelCase name in JSON answers, e.g. {@code totalAttempts}. */
    public String jsonName() {
        return jsonName;
    }

    /** The counter an end with this outcome adds to; {@code answered} shares the status counter. */
    public static Counter of(Outcome outcome) {
        return switch (outcome) {
            case ANSWERED -> ANSWERED;
            case NO_ANSWER -> NO_ANSWER;
            case BUSY -> BUSY;
            case FAILED -> FAILED;
            case VOICEMAIL -> VOICEMAIL;
            case CONVERTED -> CONVERTED;
            case OPTED_OUT -> OPTED_OUT;
        };
    }
}
