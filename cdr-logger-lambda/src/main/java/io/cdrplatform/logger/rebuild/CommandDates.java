package io.cdrplatform.logger.rebuild;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** How the commands read a DATE argument: a date (UTC) or an instant. */
final class CommandDates {

    private CommandDates() {
    }

    /** {@code 2024-03-01} is its first UTC instant; {@code 2024-03-01T10:00:00Z} (or with an offset) is itself. */
    static Instant start(String command, String option, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(command + ": " + option + " must be a date (2024-03-01) or an instant "
                    + "(2024-03-01T10:00:00Z), got " + value);
        }
    }

    /** As an end: a date is the end of that UTC day (the next midnight), an instant is itself. */
    static Instant end(String command, String option, String value) {
        Instant start = start(command, option, value);
        return value.length() == 10 ? start.plusSeconds(86_400) : start;
    }
}
