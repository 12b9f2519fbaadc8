package io.cdrplatform.core.avaya;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Parses lines of one {@link RecordLayout} from one PBX into {@link AvayaRecord}s: reads the
 * fields, resolves the PBX-local date (from the record, or for layouts without one from the date
 * given, which the bridge takes from CM's date records), the end time in the PBX zone, the
 * duration in its unit ({@code 9999}, or a {@code sec-dur} of nines, is "unknown": the clock was
 * changed during the call), and the deterministic callId. Thread-safe.
 *
 * <p>The callId is {@code avaya-} and 32 hex digits of a SHA-256 over the record's fields (not its
 * spacing), the date of a dateless layout, and the PBX name. The default PBX (empty name) adds
 * nothing, so a seed-layout record keeps the id every earlier version gave it.
 */
public final class AvayaRecordParser {

    /** The name of the bridge's default PBX: contributes nothing to callIds. */
    public static final String DEFAULT_PBX = "";

    private static final String CALL_ID_PREFIX = "avaya-";

    private final RecordLayout layout;
    private final ZoneId pbxZone;
    private final String pbx;
    private final String idPrefix;

    /** The seed layout from the default PBX. */
    public AvayaRecordParser(ZoneId pbxZone) {
        this(RecordLayouts.SEED, pbxZone, DEFAULT_PBX);
    }

    public AvayaRecordParser(RecordLayout layout, ZoneId pbxZone, String pbx) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.pbxZone = Objects.requireNonNull(pbxZone, "pbxZone");
        this.pbx = Objects.requireNonNull(pbx, "pbx");
        this.idPrefix = pbx.isEmpty() ? "" : "pbx=" + pbx + "|";
    }

    public RecordLayout layout() {
        return layout;
    }

    public ZoneId zone() {
        return pbxZone;
    }

    public String pbx() {
        return pbx;
    }

    /** A line of a layout that carries its date. */
    public AvayaParseResult parse(String line) {
        return parse(line, null);
    }

    /**
     * A line; {@code recordDate} is the date of a layout without a date field (from the last date
     * record), ignored when the layout has one.
     */
    public AvayaParseResult parse(String line, LocalDate recordDate) {
        String raw = layout.mask(line.indexOf('\0') >= 0 ? line.replace("\0", "") : line);
        RecordLayout.Reading reading = layout.read(raw);
        if (reading instanceof RecordLayout.Failure failure) {
            return new AvayaParseResult.Unparseable(raw, failure.reason());
        }
        RecordLayout.Fields fields = (RecordLayout.Fields) reading;
        LocalDate date;
        LocalTime time;
        try {
            date = fields.date() != null ? date(fields.date()) : recordDate;
            String t = fields.time();
            time = LocalTime.of(digit(t, 0) * 10 + digit(t, 1), digit(t, 2) * 10 + digit(t, 3));
        } catch (DateTimeException e) {
            return new AvayaParseResult.Unparseable(raw, "end date or time does not exist: " + e.getMessage());
        }
        if (date == null) {
            return new AvayaParseResult.Unparseable(raw, "layout " + layout.name()
                    + " has no date field and no date record was received");
        }
        String d = fields.duration();
        boolean known = true;
        long duration;
        switch (layout.durationUnit()) {
            case HOURS_MINUTES_SECONDS -> {
                int minutes = digit(d, 1) * 10 + digit(d, 2);
                int seconds = digit(d, 3) * 10 + digit(d, 4);
                if (minutes > 59 || seconds > 59) {
                    return new AvayaParseResult.Unparseable(raw, "duration minutes and seconds must be below 60");
                }
                duration = digit(d, 0) * 3600L + minutes * 60L + seconds;
            }
            case HOURS_MINUTES_TENTHS -> {
                if (d.equals("9999")) {
                    known = false;
                    duration = 0;
                } else {
                    int minutes = digit(d, 1) * 10 + digit(d, 2);
                    if (minutes > 59) {
                        return new AvayaParseResult.Unparseable(raw, "duration minutes must be below 60");
                    }
                    duration = digit(d, 0) * 3600L + minutes * 60L + digit(d, 3) * 6L;
                }
            }
            default -> {
                if (d.length() >= 4 && d.chars().allMatch(c -> c == '9')) {
                    known = false;
                    duration = 0;
                } else {
                    duration = Long.parseLong(d);
                }
            }
        }
        // A wall time in a DST gap or overlap resolves as java.time does: gap -> later offset, overlap -> earlier.
        Instant endedAt = date.atTime(time).atZone(pbxZone).toInstant();
        String canonical = idPrefix + fields.canonical() + (fields.date() == null ? "|" + date : "");
        return new AvayaParseResult.Parsed(new AvayaRecord(pbx, layout.name(), pbxZone, date, time, duration, known,
                fields.values(), endedAt, endedAt.minusSeconds(duration), callId(canonical), raw, 0));
    }

    private LocalDate date(String ddmmyy) {
        int first = digit(ddmmyy, 0) * 10 + digit(ddmmyy, 1);
        int second = digit(ddmmyy, 2) * 10 + digit(ddmmyy, 3);
        int year = 2000 + digit(ddmmyy, 4) * 10 + digit(ddmmyy, 5);
        return layout.dateOrder() == RecordLayout.DateOrder.MONTH_DAY
                ? LocalDate.of(year, first, second) : LocalDate.of(year, second, first);
    }

    private static int digit(String text, int index) {
        return text.charAt(index) - '0';
    }

    /**
     * A digest of the record's canonical fields, not of its spacing, so a record sent again (even
     * re-padded) gets the same id. Two distinct calls with identical fields (same minute, duration
     * and numbers) cannot be told apart from a resend and share it.
     */
    static String callId(String canonical) {
        byte[] digest = SHA_256.get().digest(canonical.getBytes(StandardCharsets.ISO_8859_1));
        return CALL_ID_PREFIX + HEX.formatHex(digest, 0, 16);
    }

    // A digest per thread: looking the algorithm up for every line costs as much as hashing it.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();
}
