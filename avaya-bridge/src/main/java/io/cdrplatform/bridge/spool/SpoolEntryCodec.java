package io.cdrplatform.bridge.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one spool entry, one text line per entry so a segment stays readable with
 * {@code less}: {@code <crc32c as 8 hex digits> TAB <receivedAt epoch ms>[,<context>] TAB <line> LF}.
 * The context (how the line is to be parsed: PBX, layout, zone, date; see {@code SpoolContext}) is
 * left out for the default PBX's seed-layout lines, which are therefore exactly what earlier
 * versions wrote (and read back the same). The checksum covers everything between the first tab
 * and the LF, so a line damaged on disk is
 * recognised (and skipped) instead of being published wrong. PBX lines never hold CR or LF (the
 * framer splits on them), and are ISO-8859-1 text, so they are stored byte for byte.
 */
final class SpoolEntryCodec {

    /** An entry read back: null fields never; a damaged line decodes to {@link #CORRUPT}. */
    record Decoded(Instant receivedAt, String context, String line) {
    }

    static final Decoded CORRUPT = new Decoded(Instant.EPOCH, "", "");
    private static final byte TAB = '\t';
    private static final byte COMMA = ',';
    private static final byte LF = '\n';
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final CRC32C crc = new CRC32C();

    /** Bytes {@link #encode} needs at most for this line. */
    static int maxEncodedLength(String context, String line) {
        return 8 + 1 + 20 + 1 + context.length() + 1 + line.length() + 1;
    }

    /** Appends the entry to {@code out}, which must have {@link #maxEncodedLength} bytes free. */
    void encode(long receivedAtMillis, String context, String line, ByteBuffer out) {
        int start = out.position();
        out.position(start + 9);
        int payloadStart = out.position();
        putDecimal(receivedAtMillis, out);
        if (!context.isEmpty()) {
            out.put(COMMA);
            for (int i = 0; i < context.length(); i++) {
                out.put((byte) context.charAt(i));
            }
        }
        out.put(TAB);
        for (int i = 0; i < line.length(); i++) {
            out.put((byte) line.charAt(i));
        }
        int payloadEnd = out.position();
        crc.reset();
        ByteBuffer payload = out.duplicate();
        payload.position(payloadStart).limit(payloadEnd);
        crc.update(payload);
        long value = crc.getValue();
        for (int i = 0; i < 8; i++) {
            out.put(start + i, HEX[(int) (value >>> (28 - 4 * i)) & 0xf]);
        }
        out.put(start + 8, TAB);
        out.put(LF);
    }

    /** Decodes {@code bytes[from, to)}, one entry without its LF. */
    Decoded decode(byte[] bytes, int from, int to) {
        if (to - from < 11 || bytes[from + 8] != TAB) {
            return CORRUPT;
        }
        long expected = 0;
        for (int i = 0; i < 8; i++) {
            int digit = Character.digit(bytes[from + i], 16);
            if (digit < 0) {
                return CORRUPT;
            }
            expected = (expected << 4) | digit;
        }
        int payloadStart = from + 9;
        crc.reset();
        crc.update(bytes, payloadStart, to - payloadStart);
        if (crc.getValue() != expected) {
            return CORRUPT;
        }
        int tab = payloadStart;
        long millis = 0;
        while (tab < to && bytes[tab] != TAB && bytes[tab] != COMMA) {
            int digit = bytes[tab] - '0';
            if (digit < 0 || digit > 9) {
                return CORRUPT;
            }
            millis = millis * 10 + digit;
            tab++;
        }
        if (tab == to || tab == payloadStart) {
            return CORRUPT;
        }
        String context = "";
        if (bytes[tab] == COMMA) {
            int contextStart = tab + 1;
            while (tab < to && bytes[tab] != TAB) {
                tab++;
            }
            if (tab == to) {
                return CORRUPT;
            }
            context = new String(bytes, contextStart, tab - contextStart, StandardCharsets.ISO_8859_1);
        }
        return new Decoded(Instant.ofEpochMilli(millis), context,
                new String(bytes, tab + 1, to - tab - 1, StandardCharsets.ISO_8859_1));
    }

    private static void putDecimal(long value, ByteBuffer out) {
        if (value < 0) {
            throw new IllegalArgumentException("receivedAt before 1970");
        }
        String digits = Long.toString(value);
        for (int i = 0; i < digits.length(); i++) {
            out.put((byte) digits.charAt(i));
        }
    }
}
