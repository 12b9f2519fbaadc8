package io.cdrplatform.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * The H2 MVStore file under the emulator, kept near the size of its live data.
 *
 * <p>Why it grows: MVStore never overwrites a page; every commit appends a chunk holding each page
 * it changed (a whole leaf of several documents per updated document, in each of the collection's
 * maps) plus the path to the root, and cdr-local commits after every batch it acknowledges. A chunk
 * becomes reusable space only when none of its pages is live any more <em>and</em> it is older than
 * the retention time (45 s: the time a reader may still be walking an older version of a map); H2's
 * own background housekeeping rewrites the live pages out of sparse chunks only a little at a time.
 * And mongo-java-server stores each document as a serialized Java object (about 2.7 KB per CDR that
 * is 1.2 KB of BSON). Measured: 9.6 KB of file per CDR after 20,000 calls, growing linearly.
 *
 * <p>What keeps it small (BENCHMARKS.md has the figures):
 * <ul>
 *   <li>pages are LZF-compressed ({@code compress}): the serialized documents shrink about 3.5x, and
 *       so does every chunk written (a larger page cache, {@link #CACHE_MB}, more than pays for the
 *       decompression);</li>
 *   <li>{@link #compactWhileRunning} (called every few seconds by cdr-local) rewrites the live pages
 *       of the sparsest chunks past the retention time, so their space is reused instead of the file
 *       growing; it never touches what a reader might still need;</li>
 *   <li>{@link #compactOffline} copies the live data into a fresh file and swaps it in atomically:
 *       cdr-local does it when it stops (after the server and store are closed, so no reader can be
 *       affected), and {@link #open} does it first when the file is mostly garbage (a store last
 *       stopped by a kill -9, or written by an older cdr-local).</li>
 * </ul>
 * The retention time and the number of versions kept stay H2's defaults: they are what makes a
 * long read safe while writes go on.
 */
public final class H2StoreFile {

    /** Below this share of live data in the file, {@link #open} compacts it first. */
    static final int OPEN_COMPACTION_BELOW_FILL_PERCENT = 60;
    /** While running, chunks less full than this are rewritten ({@link MVStore#compact}). */
    static final int RUNNING_TARGET_FILL_PERCENT = 80;
    /** At most this much is rewritten per {@link #compactWhileRunning} call, so a commit never waits long. */
    static final int RUNNING_REWRITE_BYTES = 4 * 1024 * 1024;

    /**
     * H2's page cache, in MB (its default is 16). Chosen when the emulator had no secondary index and
     * every list or stats query read every CDR: once the pages outgrew the cache, each query read,
     * decompressed and deserialized them all again (measured on 60,000 CDRs: 5.1 s per query with
     * 16 MB, 1.3 s with 256 MB). With the indexes (package {@code index}) a query reads only its
     * campaign's documents, but a start, an index build and a CSV export still read many.
     */
    static final int CACHE_MB = 256;

    private H2StoreFile() {
    }

    /**
     * Opens (or creates) the store file with compressed pages and a {@value #CACHE_MB} MB cache; compacts it first when less than
     * {@value #OPEN_COMPACTION_BELOW_FILL_PERCENT}% of it is live data.
     */
    public static MVStore open(Path file, Thread.UncaughtExceptionHandler backgroundFailures) {
        if (Files.isRegularFile(file) && fillPercent(file) < OPEN_COMPACTION_BELOW_FILL_PERCENT) {
            compactOffline(file);
        }
        return new MVStore.Builder()
                .fileName(file.toString())
                .compress()
                .cacheSize(CACHE_MB)
                .backgroundExceptionHandler(backgroundFailures)
                .open();
    }

    /**
     * The share of the file that is live data, in percent (100 for an empty or new file): the lower
     * of the share of the file in chunks and the share of the chunks' bytes still live (chunks whose
     * pages are all dead can still occupy the file).
     */
    static int fillPercent(Path file) {
        // not read-only: a read-only MVStore reports 100 whatever the file holds
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            return Math.min(store.getFillRate(), store.getFileStore().getChunksFillRate());
        }
    }

    /**
     * One bounded step of compaction for a store in use: rewrites the live pages of the sparsest
     * chunks older than the retention time (at most {@value #RUNNING_REWRITE_BYTES} bytes), so that
     * their space can be reused. Safe beside concurrent reads and writes.
     */
    public static void compactWhileRunning(MVStore store) {
        if (!store.isClosed()) {
            store.compact(RUNNING_TARGET_FILL_PERCENT, RUNNING_REWRITE_BYTES);
        }
    }

    /**
     * Rewrites a closed store file with only its live data (compressed): copied into a temporary
     * file beside it, forced to disk, then moved over the original in one atomic rename, so a crash
     * at any point leaves either the old file or the new one.
     */
    public static void compactOffline(Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".compacting");
        try {
            Files.deleteIfExists(temp);
            MVStoreTool.compact(file.toString(), temp.toString(), true);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the store file " + file, e);
        }
    }
}
