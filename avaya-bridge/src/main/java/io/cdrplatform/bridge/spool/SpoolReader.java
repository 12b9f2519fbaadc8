package io.cdrplatform.bridge.spool;

import io.cdrplatform.core.text.SafeText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed spool entries in order for one sink, starting at its cursor. It only ever
 * consumes lines below the committed end, and forgets whatever else it buffered at the end of each
 * {@link #read}, so bytes the writer later truncates (after a failed write) are never seen.
 * Not thread-safe: one reader per sink thread.
 */
public final class SpoolReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolReader.class);

    private final Spool spool;
    private final SpoolEntryCodec codec = new SpoolEntryCodec();
    private long nextSeq;
    private long segmentBase = -1;
    private FileChannel channel;
    private long filePosition;
    private byte[] buffer = new byte[1 << 16];
    private int bufferStart;
    private int bufferEnd;
    private int lineFrom;
    private int lineTo;

    SpoolReader(Spool spool, long startSeq) {
        this.spool = spool;
        this.nextSeq = startSeq;
    }

    /** The position of the next entry this reader returns. */
    public long position() {
        return nextSeq;
    }

    /**
     * Up to {@code max} entries from the reader's position, waiting up to {@code wait} for the first
     * one; an empty batch when nothing was committed in time.
     */
    public SpoolBatch read(int max, Duration wait) throws IOException, InterruptedException {
        long end = spool.awaitCommitted(nextSeq, wait.toMillis());
        List<SpoolEntry> entries = new ArrayList<>(Math.min(max, 1024));
        try {
            while (entries.size() < max && nextSeq < end) {
                if (!positionAt(nextSeq)) {
                    continue;
                }
                if (!nextLine()) {
                    skipMissingLines();
                    continue;
                }
                SpoolEntryCodec.Decoded decoded = codec.decode(buffer, lineFrom, lineTo);
                if (decoded == SpoolEntryCodec.CORRUPT) {
                    log.error("spool line {} in segment {} is damaged (checksum mismatch) and is skipped: {}", nextSeq,
                            segmentName(), SafeText.escape(new String(buffer, lineFrom, lineTo - lineFrom,
                                    StandardCharsets.ISO_8859_1)));
                } else {
                    entries.add(new SpoolEntry(nextSeq, decoded.receivedAt(), decoded.line(), decoded.context(),
                            spool.attachment(nextSeq)));
                }
                nextSeq++;
            }
        } finally {
            forgetUnconsumed();
        }
        return new SpoolBatch(entries, nextSeq);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Makes sure the open segment holds {@code seq}; false when the position had to jump instead. */
    private boolean positionAt(long seq) throws IOException {
        if (channel != null && seq < spool.segmentEnd(segmentBase)) {
            return true;
        }
        close();
        Long base = spool.segmentBaseFor(seq);
        if (base == null) {
            long first = spool.firstSeq();
            log.error("spool lines {}..{} are no longer on disk; continuing at {}", seq, first - 1, first);
            nextSeq = Math.max(first, seq + 1);
            return false;
        }
        Path path = spool.segmentPath(base);
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            log.error("spool segment {} vanished; continuing after it", path);
            nextSeq = Math.max(spool.segmentEnd(base), seq + 1);
            return false;
        }
        segmentBase = base;
        filePosition = 0;
        bufferStart = 0;
        bufferEnd = 0;
        for (long skip = base; skip < seq; skip++) {
            if (!nextLine()) {
                skipMissingLines();
                return false;
            }
        }
        return true;
    }

    /** A sealed segment ended before its last line: log the gap and go on with the next segment. */
    private void skipMissingLines() throws IOException {
        long end = spool.segmentEnd(segmentBase);
        if (end == Long.MAX_VALUE) {
            throw new IOException("spool segment " + segmentName() + " ends before committed line " + nextSeq);
        }
        log.error("spool segment {} ends before line {}; lines {}..{} are missing", segmentName(), nextSeq, nextSeq,
                end - 1);
        nextSeq = end;
        close();
    }

    /** Finds the next LF-terminated line in the open segment; false at the end of the file. */
    private boolean nextLine() throws IOException {
        int scanFrom = bufferStart;
        while (true) {
            for (int i = scanFrom; i < bufferEnd; i++) {
                if (buffer[i] == '\n') {
                    lineFrom = bufferStart;
                    lineTo = i;
                    bufferStart = i + 1;
                    return true;
                }
            }
            scanFrom = bufferEnd - bufferStart;
            if (!fill()) {
                return false;
            }
        }
    }

    /** Moves unread bytes to the front and reads more; false when nothing more is in the file. */
    private boolean fill() throws IOException {
        int unread = bufferEnd - bufferStart;
        if (unread == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        } else if (bufferStart > 0) {
            System.arraycopy(buffer, bufferStart, buffer, 0, unread);
        }
        bufferStart = 0;
        bufferEnd = unread;
        int read = channel.read(ByteBuffer.wrap(buffer, bufferEnd, buffer.length - bufferEnd), filePosition);
        if (read <= 0) {
            return false;
        }
        filePosition += read;
        bufferEnd += read;
        return true;
    }

    /** Rewinds the file position to the first unconsumed byte and drops the buffer. */
    private void forgetUnconsumed() {
        filePosition -= bufferEnd - bufferStart;
        bufferStart = 0;
        bufferEnd = 0;
    }

    private String segmentName() {
        Path path = spool.segmentPath(segmentBase);
        return path == null ? String.valueOf(segmentBase) : path.getFileName().toString();
    }
}
