package io.cdrplatform.store.callrecords;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The ISO-8601 text of the instants kept in the {@code fold} sub-document: exactly
 * {@link Instant#toString()} and {@link Instant#parse}, without their general-purpose formatter
 * (a batch formats and parses ~10 instants per call, which dominated building and reading a record).
 * The fast paths cover years 0000-9999 in the one shape {@code Instant.toString()} writes there
 * ({@code yyyy-MM-ddTHH:mm:ss[.fff|.ffffff|.fffffffff]Z}, parsing 1-9 fraction digits); anything
 * else goes to the JDK, so both methods answer exactly what the JDK answers, for every input.
 */
final class FoldInstants {
    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds. */
    private static final long YEAR_0000 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private FoldInstants() {
    }

    /** {@code instant.toString()}. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0000 || seconds >= YEAR_10000) {
            return instant.toString();
        }
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        int secondOfDay = (int) (seconds - epochDay * SECONDS_PER_DAY);
        int nano = instant.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        byte[] text = new byte[20 + (fractionDigits == 0 ? 0 : 1 + fractionDigits)];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int end = 19;
        if (fractionDigits > 0) {
            text[end++] = '.';
            int fraction = fractionDigits == 3 ? nano / 1_000_000 : fractionDigits == 6 ? nano / 1000 : nano;
            digits(text, end, fraction, fractionDigits);
            end += fractionDigits;
        }
        text[end] = 'Z';
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** {@code Instant.parse(text)}, with the same exceptions. */
    static Instant parse(CharSequence text) {
        Instant fast = parseCommonShape(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, when {@code text} has the shape {@code Instant.toString()} writes for years 0000-9999; else null. */
    private static Instant parseCommonShape(CharSequence text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = number(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nano = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nano *= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int number(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(byte[] text, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
