package io.cdrplatform.core.cost;

import io.cdrplatform.core.event.Outcome;
import java.time.Duration;
import java.time.Instant;

/**
 * The seconds a carrier bills for a call (Asterisk's {@code billsec}, not its {@code duration}):
 * the answered time, from the {@code call_answered} timestamp to the end, never more than the
 * whole call; without an answer time, the whole {@code duration} of a call whose outcome says it
 * was answered ({@code answered}, {@code converted}, {@code opted_out}, and {@code voicemail}: a
 * machine answered, the carrier bills it); 0 for {@code no_answer}, {@code busy} and
 * {@code failed}, whatever else the events said.
 */
public final class BillableSeconds {

    private BillableSeconds() {
    }

    /**
     * @param outcome         how the call ended, not null
     * @param answeredAt      the {@code call_answered} timestamp, or null
     * @param endTime         the {@code call_ended} timestamp, not null
     * @param durationSeconds the CDR's whole-call duration in seconds, not negative
     */
    public static long of(Outcome outcome, Instant answeredAt, Instant endTime, long durationSeconds) {
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("negative duration " + durationSeconds);
        }
        if (!billsAnsweredTime(outcome)) {
            return 0;
        }
        if (answeredAt == null) {
            return durationSeconds;
        }
        long answered = Math.max(0, Duration.between(answeredAt, endTime).getSeconds());
        return Math.min(answered, durationSeconds);
    }

    /** The outcomes a carrier bills: a person or a machine took the call. */
    public static boolean billsAnsweredTime(Outcome outcome) {
        return switch (outcome) {
            case ANSWERED, CONVERTED, OPTED_OUT, VOICEMAIL -> true;
            case NO_ANSWER, BUSY, FAILED -> false;
        };
    }
}
