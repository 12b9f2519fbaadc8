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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the seed's Avaya CM record layout, {@code DDMMYY HHMM HMMSS called code calling}, e.g.
 * {@code 170925 1547 00252                    2434 0                2432}: ended 2025-09-17 15:47
 * PBX time, 0 h 02 m 52 s, called 2434, code 0, calling 2432. Fields after the duration are
 * separated by runs of spaces (the PBX pads them to fixed columns). Thread-safe.
 */
public final class AvayaRecordParser {

    private static final Pattern LAYOUT = Pattern.compile(
            "(\\d{2})(\\d{2})(\\d{2}) (\\d{2})(\\d{2}) (\\d)(\\d{2})(\\d{2}) +(\\S{1,32}) +(\\S{1,8}) +(\\S{1,32})");
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{1,8}");
    private static final String CALL_ID_PREFIX = "avaya-";

    private final ZoneId pbxZone;

    public AvayaRecordParser(ZoneId pbxZone) {
        this.pbxZone = pbxZone;
    }

    public AvayaParseResult parse(String line) {
        String raw = line.indexOf('\0') >= 0 ? line.replace("\0", "") : line;
        String text = raw.strip();
        Matcher m = LAYOUT.matcher(text);
        if (!m.matches()) {
            return new AvayaParseResult.Unparseable(raw,
                    "not in the layout DDMMYY HHMM HMMSS called code calling");
        }
        String called = m.group(9);
        String code = m.group(10);
        String calling = m.group(11);
        if (!NUMBER.matcher(called).matches() || !NUMBER.matcher(calling).matches()) {
            return new AvayaParseResult.Unparseable(raw, "called and calling numbers must be digits, *, # or +");
        }
        if (!CODE.matcher(code).matches()) {
            return new AvayaParseResult.Unparseable(raw, "call code must be letters or digits");
        }
        LocalDate date;
        LocalTime time;
        try {
            date = LocalDate.of(2000 + Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(1)));
            time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        } catch (DateTimeException e) {
            return new AvayaParseResult.Unparseable(raw, "end date or time does not exist: " + e.getMessage());
        }
        int hours = Integer.parseInt(m.group(6));
        int minutes = Integer.parseInt(m.group(7));
        int seconds = Integer.parseInt(m.group(8));
        if (minutes > 59 || seconds > 59) {
            return new AvayaParseResult.Unparseable(raw, "duration minutes and seconds must be below 60");
        }
        long duration = hours * 3600L + minutes * 60L + seconds;
        // A wall time in a DST gap or overlap resolves as java.time does: gap -> later offset, overlap -> earlier.
        Instant endedAt = date.atTime(time).atZone(pbxZone).toInstant();
        String callId = callId(m.group(1) + m.group(2) + m.group(3), m.group(4) + m.group(5),
                m.group(6) + m.group(7) + m.group(8), called, code, calling);
        return new AvayaParseResult.Parsed(new AvayaRecord(date, time, duration, called, code, calling,
                endedAt, endedAt.minusSeconds(duration), callId, raw));
    }

    /**
     * A digest of the record's fields, not of its spacing, so a record sent again (even re-padded)
     * gets the same id. Two distinct calls with identical fields (same minute, duration and
     * numbers) cannot be told apart from a resend and share it.
     */
    static String callId(String date, String time, String duration, String called, String code, String calling) {
        String canonical = String.join("|", date, time, duration, called, code, calling);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII));
            return CALL_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
