package io.cdrplatform.core.cdr;

import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * What a {@code call_ended} event said. When a call has several different ends, the earliest one
 * (ties broken by outcome, then by the reported fields) is the CDR's end.
 *
 * @param reportedStart    the event's own {@code startTime}, or null
 * @param reportedDuration the event's own {@code duration} in seconds, or null
 */
public record EndReport(Instant endedAt, Outcome outcome, Instant reportedStart, Long reportedDuration)
        implements Comparable<EndReport> {

    private static final Comparator<EndReport> ORDER = Comparator.comparing(EndReport::endedAt)
            .thenComparing(EndReport::outcome)
            .thenComparing(EndReport::reportedStart, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(EndReport::reportedDuration, Comparator.nullsFirst(Comparator.naturalOrder()));

    public EndReport {
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public int compareTo(EndReport other) {
        return ORDER.compare(this, other);
    }

    static EndReport earliest(EndReport a, EndReport b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }
}
