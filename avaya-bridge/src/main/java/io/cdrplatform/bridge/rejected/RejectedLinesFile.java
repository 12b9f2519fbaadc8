package io.cdrplatform.bridge.rejected;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code rejected-lines.jsonl} under {@code SPOOL_DIR}: every PBX line the bridge could not take
 * (unparseable, over-long, cut off by a disconnect, or refused by a sink as invalid), one JSON
 * object per line with {@code time}, {@code peer}, {@code reason} and the {@code line} as received,
 * kept for an operator to inspect or replay. JSON escaping keeps control bytes from the PBX from
 * breaking the file. Writes go to the OS at once; they are fsync'ed on {@link #sync()} and close
 * (the bridge syncs with every metrics interval), since a rejected line is not an accepted one.
 * Thread-safe.
 */
public final class RejectedLinesFile implements AutoCloseable {

    public static final String FILE_NAME = "rejected-lines.jsonl";

    private final Path path;
    private final FileChannel channel;
    private final JsonFactory json = new JsonFactory();
    private boolean dirty;

    private RejectedLinesFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    public static RejectedLinesFile open(Path spoolDir) throws IOException {
        Files.createDirectories(spoolDir);
        Path path = spoolDir.resolve(FILE_NAME);
        return new RejectedLinesFile(path, FileChannel.open(path, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    public Path path() {
        return path;
    }

    /** Appends one rejected line; an I/O error is thrown to the caller (who logs it). */
    public synchronized void write(Instant time, String peer, String reason, String line) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + (line == null ? 0 : line.length()));
        try (JsonGenerator out = json.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("time", time.toString());
            out.writeStringField("peer", peer);
            out.writeStringField("reason", reason);
            out.writeStringField("line", line);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to " + path, e);
        }
    }

    public synchronized void sync() throws IOException {
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }
}
