package io.cdrplatform.core.counter;

import io.cdrplatform.core.event.Outcome;

/**
 * The per-campaign call counters of the contract (section 3). Each counts calls, never events.
 * {@code last_activity} and the per-action-type keys are not counts of this kind and live in
 * {@link CounterContribution}. Their Redis key names live with the other keys in cdr-store
 * ({@code io.cdrplatform.store.redis.CounterKeys}).
 */
public enum Counter {
    TOTAL_ATTEMPTS("totalAttempts"),
    ACTIVE_CALLS("activeCalls"),
    ANSWERED("answered"),
    BUSY("busy"),
    FAILED("failed"),
    CONVERTED("converted"),
    OPTED_OUT("optedOut"),
    NO_ANSWER("noAnswer"),
    VOICEMAIL("voicemail");

    private final String jsonName;

    Counter(String jsonName) {
        this.jsonName = jsonName;
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
