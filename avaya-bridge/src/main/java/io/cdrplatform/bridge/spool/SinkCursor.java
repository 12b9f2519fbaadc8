package io.cdrplatform.bridge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How far one sink has taken the spool: every entry below {@link #delivered()} is delivered.
 * Kept in memory as the sink advances and written to {@code cursors/<sink>.cursor} by
 * {@link #persist()} (write, fsync, atomic rename), so a crash loses at most the progress since
 * the last persist, which only means some lines are delivered again.
 */
final class SinkCursor {

    private final String sink;
    private final Path file;
    private volatile long delivered;
    private volatile long persisted;

    private SinkCursor(String sink, Path file, long value) {
        this.sink = sink;
        this.file = file;
        this.delivered = value;
        this.persisted = value;
    }

    /** The stored cursor of {@code sink}, or {@code fallback} when it has none. */
    static SinkCursor load(Path directory, String sink, long fallback) throws IOException {
        Path file = directory.resolve(sink + ".cursor");
        if (!Files.exists(file)) {
            return new SinkCursor(sink, file, fallback);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return new SinkCursor(sink, file, Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException("cursor file " + file + " does not hold a number: " + text, e);
        }
    }

    String sink() {
        return sink;
    }

    long delivered() {
        return delivered;
    }

    long persisted() {
        return persisted;
    }

    /** Moves forward only; called by the sink's own thread. */
    void markDelivered(long endSeq) {
        if (endSeq > delivered) {
            delivered = endSeq;
        }
    }

    /** Clamps a cursor that points outside the spool (files removed by hand, a lost spool). */
    void reset(long value) {
        delivered = value;
    }

    /** Writes the in-memory position durably if it moved; true when it wrote. */
    synchronized boolean persist() throws IOException {
        long value = delivered;
        if (value == persisted && Files.exists(file)) {
            return false;
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Spool.syncDirectory(file.getParent());
        persisted = value;
        return true;
    }
}
