package io.cdrplatform.logger.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.cdrplatform.core.ingest.CallRecordStore;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.LoadedCalls;
import io.cdrplatform.core.ingest.StoredCall;
import io.cdrplatform.core.ingest.WriteStatus;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.callrecords.CallRecordIndexes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bson.Document;

/**
 * {@code call_records} in MongoDB. A batch costs one read of its calls ({@code find} with
 * {@code _id $in}; a large batch's ids are split into at most {@code readParallelism} chunks, read
 * at once over the driver's connection pool) and one write: an unordered bulk write, split like the
 * read into up to {@code readParallelism} parts (of at least {@value #MIN_WRITE_PART} calls) that are
 * built and written at once and awaited together. Each write is an upsert
 * guarded by the version read: it matches only the record as it was read, so a concurrent writer's
 * newer record makes the upsert collide with the existing {@code _id} (duplicate key), which is
 * reported as a conflict for the caller to re-read and merge. Indexes are ensured once per
 * instance, on first use.
 */
public final class MongoCallRecordStore implements CallRecordStore {

    private static final int DUPLICATE_KEY = 11000;
    /** Reads at once per batch by default: a few connections per container, not one per call. */
    public static final int DEFAULT_READ_PARALLELISM = 4;
    /** A chunk of a split read holds at least this many ids: below it one more round trip costs more than it saves. */
    static final int MIN_READ_CHUNK = 64;
    /** A part of a split write holds at least this many calls. */
    static final int MIN_WRITE_PART = 128;
    private static final AtomicInteger PART_THREADS = new AtomicInteger();

    private final MongoCollection<Document> collection;
    private final CallRecordIndexes indexes;
    private final Clock clock;
    private final int readParallelism;
    /**
     * Runs the parts of a split read or write beyond the first (which the calling thread runs); null
     * when nothing is split.
     */
    private final ExecutorService partRunners;

    public MongoCallRecordStore(MongoDatabase database, long retentionSeconds, Clock clock) {
        this(database, retentionSeconds, false, clock);
    }

    /**
     * @param versionIndex also keep a unique {@code {_id: 1, version: 1}} index, for MongoDB-compatible
     *                     stores that use an index only when a query names exactly its fields
     *                     (mongo-java-server); real MongoDB serves the guarded upsert from {@code _id}
     */
    public MongoCallRecordStore(MongoDatabase database, long retentionSeconds, boolean versionIndex, Clock clock) {
        this(database, retentionSeconds, versionIndex, DEFAULT_READ_PARALLELISM, clock);
    }

    /**
     * @param readParallelism at most this many {@code find}s at once for one batch's read (1: one
     *                        {@code find} for the whole batch); each holds a pooled connection
     */
    public MongoCallRecordStore(MongoDatabase database, long retentionSeconds, boolean versionIndex,
                                int readParallelism, Clock clock) {
        if (readParallelism < 1) {
            throw new IllegalArgumentException("readParallelism must be at least 1, got " + readParallelism);
        }
        this.collection = CallRecordCollection.in(database);
        this.indexes = new CallRecordIndexes(database, retentionSeconds, versionIndex);
        this.clock = clock;
        this.readParallelism = readParallelism;
        this.partRunners = readParallelism == 1 ? null : partRunnerPool(readParallelism - 1);
    }

    /** Daemon threads that end after a minute idle, so a store needs no closing. */
    private static ExecutorService partRunnerPool(int threads) {
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "cdr-logger-mongo-" + PART_THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Creates the contract's indexes now if this instance has not yet. */
    public void ensureIndexes() {
        indexes.ensureOnce();
    }

    /**
     * One read of these calls: a {@code find} per chunk of ids, the chunks read at once (each
     * decoded on the thread that read it). Any chunk failing fails the read.
     */
    @Override
    public LoadedCalls load(Collection<String> callIds) {
        indexes.ensureOnce();
        if (callIds.isEmpty()) {
            return new LoadedCalls(Map.of(), Map.of());
        }
        List<ChunkRead> reads = onEachPart(readChunks(callIds, readParallelism, MIN_READ_CHUNK), this::read,
                "reading call records");
        ChunkRead all = reads.get(0);
        for (ChunkRead read : reads.subList(1, reads.size())) {
            all.calls.putAll(read.calls);
            all.unreadable.putAll(read.unreadable);
        }
        return new LoadedCalls(all.calls, all.unreadable);
    }

    /**
     * The ids split into at most {@code maxChunks} chunks of nearly equal size, none smaller than
     * {@code minChunk} unless there is only one; together exactly the ids, each once.
     */
    static List<List<String>> readChunks(Collection<String> ids, int maxChunks, int minChunk) {
        return chunks(List.copyOf(new LinkedHashSet<>(ids)), maxChunks, minChunk);
    }

    private ChunkRead read(List<String> callIds) {
        ChunkRead read = new ChunkRead(callIds.size());
        for (Document document : collection.find(CallRecordCodec.byIds(callIds))
                .projection(CallRecordCodec.STORED_PROJECTION)
                .batchSize(Math.max(2, callIds.size()))) {
            String callId = CallRecordCodec.idOf(document);
            CallRecordCodec.Decoded decoded = CallRecordCodec.decodeStored(callId, document);
            if (decoded.error() == null) {
                read.calls.put(callId, decoded.call());
            } else {
                read.unreadable.put(callId, decoded.error());
            }
        }
        return read;
    }

    @Override
    public Map<String, WriteStatus> write(List<CallWrite> writes) {
        Map<String, WriteStatus> statuses = new LinkedHashMap<>();
        if (writes.isEmpty()) {
            return statuses;
        }
        indexes.ensureOnce();
        Instant now = clock.instant();
        for (CallWrite write : writes) {
            statuses.put(write.callId(), WriteStatus.WRITTEN);
        }
        List<List<CallWrite>> parts = partRunners == null ? List.of(writes)
                : chunks(writes, readParallelism, MIN_WRITE_PART);
        for (Map<String, WriteStatus> notWritten : onEachPart(parts, part -> writePart(part, now), "writing call records")) {
            statuses.putAll(notWritten);
        }
        return statuses;
    }

    /**
     * {@code work} on every part at once: the first on the calling thread, the others on the part
     * runners; the results in the parts' order. Every part is waited for, even when the calling
     * thread is interrupted (its work is on the wire; the interrupt is kept for the caller), and the
     * first failure is thrown only then.
     */
    private <T, R> List<R> onEachPart(List<List<T>> parts, Function<List<T>, R> work, String what) {
        List<Future<R>> others = new ArrayList<>(parts.size() - 1);
        for (List<T> part : parts.subList(1, parts.size())) {
            others.add(partRunners.submit(() -> work.apply(part)));
        }
        List<R> results = new ArrayList<>(parts.size());
        RuntimeException failure = null;
        try {
            results.add(work.apply(parts.get(0)));
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<R> other : others) {
            while (true) {
                try {
                    results.add(other.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException runtime ? runtime
                                : new IllegalStateException(what + " failed", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** One unordered bulk write of these writes; answers the status of each write that was not written. */
    private Map<String, WriteStatus> writePart(List<CallWrite> writes, Instant now) {
        Map<String, WriteStatus> notWritten = new HashMap<>();
        try {
            collection.bulkWrite(models(writes, now), new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // Not known to be durable: report every write as failed so the events come again.
                writes.forEach(write -> notWritten.put(write.callId(), WriteStatus.FAILED));
                return notWritten;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                String callId = writes.get(error.getIndex()).callId();
                boolean conflict = error.getCode() == DUPLICATE_KEY
                        || ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY;
                notWritten.put(callId, conflict ? WriteStatus.CONFLICT : WriteStatus.FAILED);
            }
        }
        return notWritten;
    }

    private static List<UpdateOneModel<Document>> models(List<CallWrite> writes, Instant now) {
        List<UpdateOneModel<Document>> models = new ArrayList<>(writes.size());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        for (CallWrite write : writes) {
            models.add(new UpdateOneModel<>(
                    CallRecordCodec.versionGuard(write.callId(), write.expectedVersion()),
                    new Document("$set", CallRecordCodec.setFields(write, now))
                            .append("$setOnInsert", CallRecordCodec.setOnInsertFields(now)),
                    upsert));
        }
        return models;
    }

    /** How a store with the default parallelism splits a write of these items (for the benchmarks). */
    public static <T> List<List<T>> parts(List<T> items) {
        return chunks(items, DEFAULT_READ_PARALLELISM, MIN_WRITE_PART);
    }

    /**
     * The items split into at most {@code maxChunks} chunks of nearly equal size, none smaller than
     * {@code minChunk} unless there is only one; together exactly the items, in order.
     */
    static <T> List<List<T>> chunks(List<T> items, int maxChunks, int minChunk) {
        int count = Math.max(1, Math.min(maxChunks, items.size() / Math.max(1, minChunk)));
        List<List<T>> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chunks.add(items.subList(items.size() * i / count, items.size() * (i + 1) / count));
        }
        return chunks;
    }

    /** What one chunk of a read found. */
    private static final class ChunkRead {
        private final Map<String, StoredCall> calls;
        private final Map<String, String> unreadable = new HashMap<>();

        private ChunkRead(int ids) {
            this.calls = new HashMap<>(ids * 4 / 3 + 1);
        }
    }
}
