package io.cdrplatform.core.avaya;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a PBX byte stream into lines, whatever the TCP segmentation: CR, LF and CRLF end a line
 * (a CRLF split across two segments is one end), NUL padding is dropped, blank lines are skipped,
 * and a line longer than the limit is reported once as {@link Frame.Overlong} while the stream
 * resynchronises at the next line end. One framer per connection; not thread-safe.
 */
public final class LineFramer {

    /** What the framer produces. */
    public sealed interface Frame {
        /** A complete line without its terminator, decoded as ISO-8859-1 (byte-transparent). */
        record Line(String text) implements Frame {
        }

        /** A line over the limit: its length in bytes and its first bytes, for the rejected-lines file. */
        record Overlong(long length, String prefix) implements Frame {
        }
    }

    private static final int PREFIX_KEPT = 128;

    private final int maxLineLength;
    private final byte[] buffer;
    private int length;
    private long overlongLength = -1;
    private boolean lastWasCr;

    public LineFramer(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive");
        }
        this.maxLineLength = maxLineLength;
        this.buffer = new byte[maxLineLength];
    }

    public void feed(byte[] bytes, Consumer<? super Frame> out) {
        feed(bytes, 0, bytes.length, out);
    }

    public void feed(byte[] bytes, int offset, int count, Consumer<? super Frame> out) {
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\r' || b == '\n') {
                endLine(out);
            } else if (b != 0) {
                append(b);
            }
        }
    }

    /** Emits what is buffered as a last line (end of stream without a terminator). */
    public void finish(Consumer<? super Frame> out) {
        endLine(out);
        lastWasCr = false;
    }

    /** Bytes held for the line in progress. */
    public int pendingBytes() {
        return length;
    }

    private void append(byte b) {
        if (overlongLength >= 0) {
            overlongLength++;
        } else if (length == maxLineLength) {
            overlongLength = length + 1L;
        } else {
            buffer[length++] = b;
        }
    }

    private void endLine(Consumer<? super Frame> out) {
        if (overlongLength >= 0) {
            String prefix = new String(buffer, 0, Math.min(length, PREFIX_KEPT), StandardCharsets.ISO_8859_1);
            out.accept(new Frame.Overlong(overlongLength, prefix));
        } else if (length > 0 && !isBlank()) {
            out.accept(new Frame.Line(new String(buffer, 0, length, StandardCharsets.ISO_8859_1)));
        }
        length = 0;
        overlongLength = -1;
    }

    private boolean isBlank() {
        for (int i = 0; i < length; i++) {
            if (buffer[i] != ' ' && buffer[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
