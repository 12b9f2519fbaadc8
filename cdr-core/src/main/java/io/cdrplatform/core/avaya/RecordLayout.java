package io.cdrplatform.core.avaya;

import java.util.Map;
import java.util.Set;

/**
 * A record layout a PBX may send: where each field is, in which order the date is written, how
 * the duration is counted. Layouts are data ({@link RecordLayouts}): the seed's, CM's standard
 * formats, and customized records described as CM's {@code system-parameters cdr} form describes
 * them. Implementations are immutable and thread-safe.
 */
public sealed interface RecordLayout permits SeedLayout, FixedLayout {

    /** How a six-digit date field (and a date record) is written. */
    enum DateOrder {
        DAY_MONTH, MONTH_DAY;

        /** {@code day/month} or {@code month/day}, as CM's "CDR Date Format" field says it. */
        public static DateOrder parse(String text) {
            return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "day/month", "ddmmyy", "dd/mm" -> DAY_MONTH;
                case "month/day", "mmddyy", "mm/dd" -> MONTH_DAY;
                default -> throw new IllegalArgumentException(
                        "a CDR date format is month/day or day/month, got " + text);
            };
        }
    }

    /** How the duration field counts. */
    enum DurationUnit {
        /** H MM SS (the seed). */
        HOURS_MINUTES_SECONDS,
        /** H MM T: hours, minutes and tenths of a minute (CM's standard formats, customized {@code duration}). */
        HOURS_MINUTES_TENTHS,
        /** Whole seconds (customized {@code sec-dur}). */
        SECONDS
    }

    /** The registry name ({@code seed}, {@code teleseer}, ...) or {@code custom-<hash>}. */
    String name();

    /** Where the positions come from, for logs and the README. */
    String source();

    /** The order of a six-digit date field; null when the record carries no date (it comes from date records). */
    DateOrder dateOrder();

    DurationUnit durationUnit();

    /** Whether records carry their date; when not, CM sends it in separate date records. */
    default boolean hasDate() {
        return fields().contains(CdrField.DATE);
    }

    /** Every item the layout carries (the time is always the time the call ended). */
    Set<CdrField> fields();

    /** Whether {@code auto} may pick this layout (its whole length is documented). */
    boolean detectable();

    /** Reads the fields of one line (NULs already removed), or says why it is not in this layout. */
    Reading read(String line);

    /** The line with every character of its authorization code replaced by {@code *}; same length. */
    String mask(String line);

    /** What {@link #read} makes of a line. */
    sealed interface Reading {
    }

    /**
     * The raw date, time and duration digits, every text field (trimmed, blank ones left out), and
     * the canonical form the deterministic callId is computed from (fields, not spacing).
     */
    record Fields(String date, String time, String duration, Map<CdrField, String> values, String canonical)
            implements Reading {
        public Fields {
            values = CdrField.immutableCopy(values);
        }
    }

    record Failure(String reason) implements Reading {
    }
}
