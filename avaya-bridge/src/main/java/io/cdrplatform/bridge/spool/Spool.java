package io.cdrplatform.bridge.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable spool: an append-only log of accepted PBX lines in segment files under
 * {@code <dir>/segments}, with one cursor per sink under {@code <dir>/cursors}.
 *
 * <p>A line counts as accepted once {@link #append} has completed: it is then written and
 * fsync'ed. One writer thread does all writes and commits everything queued since its last fsync
 * with a single fsync (group commit), so throughput grows with load while each append waits at most
 * about two fsyncs. A write or fsync error never drops lines: the writer truncates the segment back
 * to its last committed byte and tries again with backoff, and appends keep waiting (the PBX
 * connections stop being read, so the PBX buffers).
 *
 * <p>Each sink reads with its own {@link SpoolReader} and moves its cursor with
 * {@link #markDelivered}; {@link #checkpoint()} persists cursors and deletes every segment that all
 * sinks have passed. On {@link #open} the spool recovers: a partly written last line (a crash in the
 * middle of a write) is cut off, writing continues in a new segment, and each sink resumes from its
 * last persisted cursor, so nothing accepted is lost and at most a little is delivered twice.
 * One process at a time: {@code spool.lock} in the directory is held while the spool is open.
 */
public final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.seg");
    private static final int MAX_APPENDS_PER_COMMIT = 4096;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final long MAX_RETRY_SLEEP_MILLIS = 5_000;
    private static final int RETRIES_WHILE_CLOSING = 10;

    private final FileChannel lockChannel;
    private final Path segmentsDir;
    private final long segmentBytes;
    private final ConcurrentSkipListMap<Long, Path> segments;
    private final Map<String, SinkCursor> cursors;
    private final LinkedBlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Object commitMonitor = new Object();
    private final Thread writer;
    private volatile long committedEnd;
    private volatile long activeBase;
    private volatile boolean closing;
    private volatile WriteError writeError;

    // Owned by the writer thread.
    private final SpoolEntryCodec codec = new SpoolEntryCodec();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private FileChannel active;
    private long activeCommittedBytes;

    /** The last write error, while the spool is failing to write; cleared by the next commit. */
    public record WriteError(Instant at, String message) {
    }

    private record Append(long receivedAtMillis, List<SpoolLine> lines, CompletableFuture<Long> done) {
    }

    /** Parsed forms of lines not yet delivered everywhere, by position, so sinks need not parse them again. */
    private final ConcurrentHashMap<Long, Object> attachments = new ConcurrentHashMap<>();
    private static final int MAX_ATTACHMENTS = 200_000;

    private Spool(Path segmentsDir, long segmentBytes, ConcurrentSkipListMap<Long, Path> segments,
                  Map<String, SinkCursor> cursors, long committedEnd, FileChannel lockChannel) {
        this.lockChannel = lockChannel;
        this.segmentsDir = segmentsDir;
        this.segmentBytes = segmentBytes;
        this.segments = segments;
        this.cursors = cursors;
        this.committedEnd = committedEnd;
        this.writer = new Thread(this::writeLoop, "spool-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (creating or recovering) the spool in {@code directory} for the given sinks. A sink
     * without a stored cursor starts at the oldest line still in the spool; a cursor of a sink not
     * named here is ignored (its lines are not kept for it).
     */
    public static Spool open(Path directory, long segmentBytes, Collection<String> sinks) throws IOException {
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve("spool.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("could not lock the spool directory " + directory, e);
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the spool directory " + directory + " is in use by another bridge process; "
                    + "each bridge needs its own SPOOL_DIR");
        }
        try {
            return open(directory, segmentBytes, sinks, lockChannel);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    private static Spool open(Path directory, long segmentBytes, Collection<String> sinks, FileChannel lockChannel)
            throws IOException {
        Path segmentsDir = Files.createDirectories(directory.resolve("segments"));
        Path cursorsDir = Files.createDirectories(directory.resolve("cursors"));
        ConcurrentSkipListMap<Long, Path> segments = listSegments(segmentsDir);

        Map<String, SinkCursor> cursors = new LinkedHashMap<>();
        for (String sink : sinks) {
            cursors.put(sink, SinkCursor.load(cursorsDir, sink, -1));
        }

        long end;
        if (segments.isEmpty()) {
            end = cursors.values().stream().mapToLong(SinkCursor::delivered).max().orElse(0);
            end = Math.max(end, 0);
        } else {
            Map.Entry<Long, Path> last = segments.lastEntry();
            long lines = recoverLastSegment(last.getValue());
            end = last.getKey() + lines;
            if (lines == 0) {
                Files.delete(last.getValue());
                segments.remove(last.getKey());
            }
        }
        long first = segments.isEmpty() ? end : segments.firstKey();
        for (SinkCursor cursor : cursors.values()) {
            long value = cursor.delivered();
            if (value < 0) {
                cursor.reset(first);
            } else if (value < first) {
                log.warn("cursor of sink {} is at line {}, before the oldest line still in the spool ({}); "
                        + "resuming from there", cursor.sink(), value, first);
                cursor.reset(first);
            } else if (value > end) {
                log.warn("cursor of sink {} is at line {}, past the end of the spool ({}); resuming at the end",
                        cursor.sink(), value, end);
                cursor.reset(end);
            }
            cursor.persist();
        }

        Spool spool = new Spool(segmentsDir, segmentBytes, segments, Collections.unmodifiableMap(cursors), end,
                lockChannel);
        spool.startSegment(end);
        spool.checkpoint();
        spool.writer.start();
        log.info("spool opened in {}: lines {}..{} kept, {} not yet delivered everywhere", directory, first, end,
                spool.depth());
        return spool;
    }

    /**
     * Queues lines for the spool; the future completes (with the position after the last of them)
     * once they are on disk, or fails when the spool is closed before that.
     */
    public CompletableFuture<Long> append(Instant receivedAt, List<String> lines) {
        return appendLines(receivedAt, lines.stream().map(SpoolLine::of).toList());
    }

    /** Like {@link #append}, with each line's parse context and parsed form. */
    public CompletableFuture<Long> appendLines(Instant receivedAt, List<SpoolLine> lines) {
        for (SpoolLine line : lines) {
            checkStorable(line.line());
            checkContext(line.context());
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new IllegalStateException("the spool is closed"));
            return done;
        }
        queue.add(new Append(receivedAt.toEpochMilli(), List.copyOf(lines), done));
        return done;
    }

    /** Completes once everything appended before this call is on disk. */
    public CompletableFuture<Long> sync() {
        return appendLines(Instant.EPOCH, List.of());
    }

    /**
     * What the line at {@code seq} was parsed into when it was appended, while it is still in
     * memory (not after a restart, nor past {@value #MAX_ATTACHMENTS} undelivered lines); else null.
     */
    public Object attachment(long seq) {
        return attachments.get(seq);
    }

    /** The position after the last committed (fsync'ed) line. */
    public long committedEnd() {
        return committedEnd;
    }

    /** The oldest position still on disk. */
    public long firstSeq() {
        Long first = segments.isEmpty() ? null : segments.firstKey();
        return first == null ? committedEnd : first;
    }

    /** Lines committed but not yet delivered by every sink. */
    public long depth() {
        long min = committedEnd;
        for (SinkCursor cursor : cursors.values()) {
            min = Math.min(min, cursor.delivered());
        }
        return committedEnd - min;
    }

    /** Lines committed but not yet delivered by {@code sink}. */
    public long pending(String sink) {
        return Math.max(0, committedEnd - cursor(sink).delivered());
    }

    public long delivered(String sink) {
        return cursor(sink).delivered();
    }

    public Collection<String> sinks() {
        return cursors.keySet();
    }

    public Optional<WriteError> writeError() {
        return Optional.ofNullable(writeError);
    }

    /** A reader positioned at the sink's cursor. One per sink; not thread-safe. */
    public SpoolReader openReader(String sink) {
        return new SpoolReader(this, cursor(sink).delivered());
    }

    /** Records that the sink has delivered every line below {@code endSeq} (in memory; see {@link #checkpoint()}). */
    public void markDelivered(String sink, long endSeq) {
        if (endSeq > committedEnd) {
            throw new IllegalArgumentException("cannot deliver past the committed end " + committedEnd);
        }
        cursor(sink).markDelivered(endSeq);
    }

    /** Persists moved cursors and deletes segments that every sink has passed. */
    public synchronized void checkpoint() throws IOException {
        long min = Long.MAX_VALUE;
        for (SinkCursor cursor : cursors.values()) {
            cursor.persist();
            min = Math.min(min, cursor.persisted());
        }
        long delivered = Long.MAX_VALUE;
        for (SinkCursor cursor : cursors.values()) {
            delivered = Math.min(delivered, cursor.delivered());
        }
        long below = delivered;
        attachments.keySet().removeIf(seq -> seq < below);
        long current = activeBase;
        NavigableMap<Long, Path> sealed = segments.headMap(current, false);
        for (Map.Entry<Long, Path> segment : sealed.entrySet()) {
            Long next = segments.higherKey(segment.getKey());
            if (next == null || next > min) {
                break;
            }
            Files.deleteIfExists(segment.getValue());
            segments.remove(segment.getKey());
            log.debug("deleted spool segment {} (every sink is past line {})", segment.getValue().getFileName(), next);
        }
    }

    /**
     * Stops taking lines, writes and fsyncs what is queued, persists the cursors and closes the files.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Append left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the spool is closed"));
        }
        try {
            checkpoint();
        } catch (IOException e) {
            log.error("could not persist the sink cursors on close; some lines will be delivered again", e);
        }
        try {
            if (active != null) {
                active.close();
            }
        } catch (IOException e) {
            log.warn("closing the active spool segment failed", e);
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            log.warn("releasing the spool lock failed", e);
        }
    }

    // --- used by SpoolReader

    /** Waits up to {@code timeoutMillis} for a committed line at or after {@code seq}; returns the committed end. */
    long awaitCommitted(long seq, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (commitMonitor) {
            while (committedEnd <= seq) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                commitMonitor.wait(left);
            }
            return committedEnd;
        }
    }

    /** The base of the segment holding {@code seq}, or null when it is older than every segment. */
    Long segmentBaseFor(long seq) {
        return segments.floorKey(seq);
    }

    /** Where the segment starting at {@code base} ends: the next segment's base, or MAX for the active one. */
    long segmentEnd(long base) {
        Long next = segments.higherKey(base);
        return next == null ? Long.MAX_VALUE : next;
    }

    Path segmentPath(long base) {
        return segments.get(base);
    }

    // --- writer thread

    private void writeLoop() {
        List<Append> batch = new ArrayList<>();
        while (true) {
            Append first;
            try {
                first = queue.poll(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_APPENDS_PER_COMMIT);
            commitWithRetry(batch);
            batch.clear();
        }
    }

    private void commitWithRetry(List<Append> batch) {
        for (int attempt = 0; ; attempt++) {
            try {
                commit(batch);
                if (writeError != null) {
                    log.info("spool writes work again after {} failed attempts", attempt);
                    writeError = null;
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                writeError = new WriteError(Instant.now(), String.valueOf(e.getMessage()));
                if (attempt == 0 || attempt % 20 == 0) {
                    log.error("spool write failed (attempt {}); the lines wait in memory and are retried", attempt + 1, e);
                }
                if (closing && attempt >= RETRIES_WHILE_CLOSING) {
                    for (Append append : batch) {
                        append.done().completeExceptionally(e);
                    }
                    return;
                }
                sleepQuietly(Math.min(MAX_RETRY_SLEEP_MILLIS, 50L << Math.min(attempt, 10)));
                rewindToCommitted();
            }
        }
    }

    private void commit(List<Append> batch) throws IOException {
        long seq = committedEnd;
        long position = activeCommittedBytes;
        buffer.clear();
        for (Append append : batch) {
            for (SpoolLine line : append.lines()) {
                if (buffer.remaining() < SpoolEntryCodec.maxEncodedLength(line.context(), line.line())) {
                    position += writeBuffer(position);
                }
                codec.encode(append.receivedAtMillis(), line.context(), line.line(), buffer);
                seq++;
            }
        }
        position += writeBuffer(position);
        if (seq > committedEnd) {
            active.force(false);
        }
        activeCommittedBytes = position;
        long start = committedEnd;
        long attach = start;
        for (Append append : batch) {
            for (SpoolLine line : append.lines()) {
                if (line.attachment() != null && attachments.size() < MAX_ATTACHMENTS) {
                    attachments.put(attach, line.attachment());
                }
                attach++;
            }
        }
        synchronized (commitMonitor) {
            committedEnd = seq;
            commitMonitor.notifyAll();
        }
        long end = start;
        for (Append append : batch) {
            end += append.lines().size();
            append.done().complete(end);
        }
        if (activeCommittedBytes >= segmentBytes) {
            try {
                startSegment(seq);
            } catch (IOException e) {
                log.warn("could not start a new spool segment; writing on in {}", segmentPath(activeBase), e);
            }
        }
    }

    private int writeBuffer(long position) throws IOException {
        buffer.flip();
        int written = 0;
        while (buffer.hasRemaining()) {
            written += active.write(buffer, position + written);
        }
        buffer.clear();
        return written;
    }

    /** After a failed write or fsync: drop what was written past the last commit, to write it again. */
    private void rewindToCommitted() {
        try {
            active.truncate(activeCommittedBytes);
        } catch (IOException e) {
            log.warn("could not truncate spool segment {} to {} bytes", segmentPath(activeBase), activeCommittedBytes, e);
        }
    }

    /** Closes the active segment and starts a new one whose first line is {@code base}. */
    private void startSegment(long base) throws IOException {
        Path path = segmentsDir.resolve(String.format("%020d.seg", base));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        syncDirectory(segmentsDir);
        FileChannel previous = active;
        active = channel;
        activeCommittedBytes = channel.size();
        segments.put(base, path);
        activeBase = base;
        if (previous != null) {
            previous.close();
        }
    }

    // --- recovery

    private static ConcurrentSkipListMap<Long, Path> listSegments(Path segmentsDir) throws IOException {
        ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(segmentsDir)) {
            for (Path file : files) {
                Matcher m = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    segments.put(Long.parseLong(m.group(1)), file);
                }
            }
        }
        return segments;
    }

    /** Counts the complete lines of the last segment and cuts off a partly written one. */
    private static long recoverLastSegment(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            long position = 0;
            long lines = 0;
            long lastLineEnd = 0;
            while (true) {
                chunk.clear();
                int read = channel.read(chunk, position);
                if (read <= 0) {
                    break;
                }
                for (int i = 0; i < read; i++) {
                    if (chunk.get(i) == '\n') {
                        lines++;
                        lastLineEnd = position + i + 1;
                    }
                }
                position += read;
            }
            if (position > lastLineEnd) {
                log.warn("spool segment {} ends in a partly written line ({} bytes, never committed); cutting it off",
                        segment.getFileName(), position - lastLineEnd);
                channel.truncate(lastLineEnd);
                channel.force(true);
            }
            return lines;
        }
    }

    private SinkCursor cursor(String sink) {
        SinkCursor cursor = cursors.get(sink);
        if (cursor == null) {
            throw new IllegalArgumentException("no sink named " + sink + " in this spool");
        }
        return cursor;
    }

    private static void checkStorable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n' || c == '\r' || c > 0xff) {
                throw new IllegalArgumentException("a spool line is ISO-8859-1 text without CR or LF");
            }
        }
    }

    private static void checkContext(String context) {
        for (int i = 0; i < context.length(); i++) {
            char c = context.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == ',' || c > 0xff) {
                throw new IllegalArgumentException("a spool line context has no TAB, CR, LF or comma");
            }
        }
    }

    /** Makes a file creation, rename or deletion in {@code directory} durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // the writer thread is never interrupted on purpose; keep going
        }
    }
}
