package io.cdrplatform.query.range;

import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.http.Printable;
import io.cdrplatform.query.http.QueryParameters;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Reads {@code startDate} and {@code endDate}: each a date ({@code 2024-01-15}, the whole UTC day)
 * or an instant with a zone ({@code 2024-01-15T10:35:00Z}, {@code ...+02:00}). Both ends are
 * inclusive: {@code endDate=2024-01-15} includes every call that started that day, and
 * {@code endDate=2024-01-15T10:35:00Z} includes a call that started at exactly 10:35:00.000.
 */
public final class DateRangeReader {

    public static final String START_DATE = "startDate";
    public static final String END_DATE = "endDate";

    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;

    private DateRangeReader() {
    }

    public static DateRange read(QueryParameters query) {
        String start = query.single(START_DATE);
        String end = query.single(END_DATE);
        Instant from = start == null ? null : parse(START_DATE, start, true);
        Instant until = end == null ? null : parse(END_DATE, end, false);
        if (from != null && until != null && !from.isBefore(until)) {
            throw new BadParameterException(END_DATE, "endDate '" + Printable.of(end) + "' is before startDate '"
                    + Printable.of(start) + "'");
        }
        return new DateRange(from, until);
    }

    /** A start bound given as a date (its first UTC millisecond) or an instant; a 400 naming {@code name} otherwise. */
    public static Instant start(String name, String text) {
        return parse(name, text, true);
    }

    /** The first millisecond included (a start) or the first millisecond excluded (an end). */
    private static Instant parse(String name, String text, boolean isStart) {
        String value = text.trim();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
                checkYear(name, text, day.getYear());
                Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                return isStart ? midnight : midnight.plus(1, ChronoUnit.DAYS);
            }
            // a '+' of an offset arrives as a space when the caller did not escape it in the URL
            OffsetDateTime dateTime = OffsetDateTime.parse(value.replace(' ', '+'), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            checkYear(name, text, dateTime.getYear());
            Instant instant = dateTime.toInstant();
            Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
            if (isStart) {
                return millis.equals(instant) ? millis : millis.plusMillis(1);
            }
            return millis.plusMillis(1);
        } catch (DateTimeException e) {
            throw new BadParameterException(name, name + " '" + Printable.of(text)
                    + "' is neither a date (2024-01-15) nor an instant with a zone (2024-01-15T10:35:00Z)");
        }
    }

    private static void checkYear(String name, String text, int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new BadParameterException(name, name + " '" + Printable.of(text) + "' is outside the years 0001-9999");
        }
    }
}
