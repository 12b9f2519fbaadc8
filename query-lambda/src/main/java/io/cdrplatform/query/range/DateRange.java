package io.cdrplatform.query.range;

import java.time.Instant;

/**
 * A half-open range of call start times {@code [from, until)} in whole milliseconds (BSON dates
 * have millisecond precision); either end may be open (null).
 */
public record DateRange(Instant from, Instant until) {

    public static DateRange all() {
        return new DateRange(null, null);
    }

    public boolean contains(Instant instant) {
        return (from == null || !instant.isBefore(from)) && (until == null || instant.isBefore(until));
    }
}
