package io.cdrplatform.reliability.pbx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a PBX sends: distinct call records in the seed's layout ({@code DDMMYY HHMM HMMSS called
 * code calling}, fields padded to columns as Avaya CM prints them) or in a customized CM layout
 * ({@link #CUSTOM_FORMAT}: seconds, condition codes, VDN, an authorization code), with the line ends
 * and NUL padding real links show; and hostile lines that must be rejected without harming the rest.
 * Every record has its own calling number, which is how a test finds its CDR.
 */
public final class AvayaLines {

    private AvayaLines() {
    }

    /**
     * A customized record as CM's {@code system-parameters cdr} form would list it (CDR date format
     * month/day): 69 characters, the authorization code at positions 52-59.
     */
    public static final String CUSTOM_FORMAT = "date,6;space,1;time,4;space,1;sec-dur,5;space,1;cond-code,1;space,1;"
            + "dialed-num,18;space,1;calling-num,11;space,1;auth-code,8;space,1;vdn,5;space,1;in-crt-id,3";

    /**
     * One record as sent and what its CDR must say (PBX clock in UTC).
     *
     * @param bytes         the line as it goes on the wire: padding, text and terminator
     * @param callCode      the seed layout's code, null for a customized record
     * @param conditionCode the customized record's condition code, null for the seed layout
     * @param rawLine       what the CDR's {@code metadata.rawLine} must be (the authorization code masked)
     */
    public record Record(String text, byte[] bytes, String callingNumber, String calledNumber, String callCode,
            String conditionCode, Instant endedAt, long durationSeconds, String rawLine) {

        public Instant startedAt() {
            return endedAt.minusSeconds(durationSeconds);
        }

        /** The outcome the default condition-code rules give (H abandoned, I busy, else by duration). */
        public String outcome() {
            if ("H".equals(conditionCode)) {
                return "no_answer";
            }
            if ("I".equals(conditionCode)) {
                return "busy";
            }
            return durationSeconds > 0 ? "answered" : "no_answer";
        }

        public boolean customized() {
            return conditionCode != null;
        }
    }

    /** {@code count} distinct seed-layout records (count at most 10,000,000), deterministic for a seed. */
    public static List<Record> records(long seed, int count) {
        return records(seed, count, i -> false);
    }

    /**
     * {@code count} distinct records, record {@code i} in the customized layout when
     * {@code customized.test(i)}, else in the seed's; deterministic for a seed.
     */
    public static List<Record> records(long seed, int count, java.util.function.IntPredicate customized) {
        Random random = new Random(seed);
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (customized.test(i)) {
                records.add(customRecord(random, i));
                continue;
            }
            LocalDate date = LocalDate.of(2025, 9, 15 + i % 3);
            LocalTime time = LocalTime.of(random.nextInt(24), random.nextInt(60));
            long duration = random.nextInt(10) == 0 ? 0
                    : random.nextInt(3) * 3600L + random.nextInt(60) * 60L + random.nextInt(60);
            String called = "2" + String.format("%03d", random.nextInt(1000));
            String code = random.nextInt(5) == 0 ? "A" : Integer.toString(random.nextInt(10));
            String calling = String.format("3%07d", i);
            String text = String.format("%02d%02d%02d %02d%02d %d%02d%02d%24s %s%20s",
                    date.getDayOfMonth(), date.getMonthValue(), date.getYear() % 100, time.getHour(), time.getMinute(),
                    duration / 3600, duration / 60 % 60, duration % 60, called, code, calling);
            String terminator = i % 10 == 0 ? "\n" : i % 10 == 1 ? "\r" : "\r\n";
            String padding = i % 50 == 0 ? "\0\0\0" : "";
            byte[] bytes = (padding + text + terminator).getBytes(StandardCharsets.ISO_8859_1);
            records.add(new Record(text, bytes, calling, called, code, null,
                    date.atTime(time).toInstant(ZoneOffset.UTC), duration, text.strip()));
        }
        return records;
    }

    private static Record customRecord(Random random, int i) {
        LocalDate date = LocalDate.of(2025, 9, 15 + i % 3);
        LocalTime time = LocalTime.of(random.nextInt(24), random.nextInt(60));
        int kind = random.nextInt(20);
        String condition = kind == 0 ? "H" : kind == 1 ? "I" : kind < 8 ? "A" : "9";
        long duration = condition.equals("H") || condition.equals("I") || kind == 2 ? 0
                : random.nextInt(3) * 3600L + random.nextInt(3600);
        String called = "0" + String.format("%09d", random.nextInt(1_000_000_000));
        String calling = String.format("4%07d", i);
        String auth = String.format("%08d", random.nextInt(100_000_000));
        String vdn = Integer.toString(5000 + random.nextInt(10));
        String text = String.format("%02d%02d%02d %02d%02d %05d %s %-18s %-11s %s %-5s %03d",
                date.getMonthValue(), date.getDayOfMonth(), date.getYear() % 100, time.getHour(), time.getMinute(),
                duration, condition, called, calling, auth, vdn, random.nextInt(1000));
        String masked = text.substring(0, 51) + "********" + text.substring(59);
        String terminator = i % 10 == 0 ? "\n" : "\r\n";
        String padding = i % 50 == 0 ? "\0\0\0" : "";
        byte[] bytes = (padding + text + terminator).getBytes(StandardCharsets.ISO_8859_1);
        return new Record(text, bytes, calling, called, null, condition, date.atTime(time).toInstant(ZoneOffset.UTC),
                duration, masked);
    }

    /**
     * Lines the bridge must reject and set aside (never a CDR, never a closed connection): control
     * bytes in fields, escape sequences, binary garbage, an impossible date, a duration with 61
     * minutes, SQL, lines over the length limit up to 200 KB. Each carries a marker with its number in
     * its first 100 bytes, so it can be found in the rejected-lines file.
     */
    public static List<byte[]> hostile(int count) {
        Random random = new Random(count);
        List<byte[]> lines = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            String marker = String.format("%06d", n);
            byte[] line = switch (n % 8) {
                case 0 -> latin1("170925 1547 00252 \u0001\u0002\u0007 2434 0 9" + marker);
                case 1 -> latin1("\u001b[2J\u001b[31m170925 1547 00252 2434 0 9" + marker + "\u001b[0m");
                case 2 -> binary(random, marker);
                case 3 -> latin1("310225 1547 00252                    2434 0             9" + marker);
                case 4 -> latin1("170925 1547 06152                    2434 0             9" + marker);
                case 5 -> latin1("'; DROP TABLE avaya_cdr; -- " + marker + " {\"$where\": \"sleep(1000)\"}");
                case 6 -> latin1("OVERLONG " + marker + " " + "X".repeat(5_000));
                default -> latin1("HUGE " + marker + " " + "7".repeat(200_000));
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 2);
            out.writeBytes(line);
            out.writeBytes(new byte[] {'\r', '\n'});
            lines.add(out.toByteArray());
        }
        return lines;
    }

    /** How the bridge will show a hostile line in the rejected-lines file: its first bytes, NULs gone. */
    public static String rejectedPrefix(byte[] hostileLine) {
        String text = new String(hostileLine, StandardCharsets.ISO_8859_1).replace("\0", "");
        int end = text.indexOf('\r');
        return text.substring(0, Math.min(end < 0 ? text.length() : end, 100));
    }

    private static byte[] binary(Random random, String marker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin1("BIN" + marker + " "));
        for (int i = 0; i < 60; i++) {
            int b;
            do {
                b = 1 + random.nextInt(255);
            } while (b == '\r' || b == '\n');
            out.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
