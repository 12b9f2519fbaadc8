package io.cdrplatform.local;

import de.bwaldvogel.mongo.MongoServer;
import io.cdrplatform.embeddedmongo.EmulatorBackends;
import io.cdrplatform.embeddedmongo.H2StoreFile;
import io.cdrplatform.embeddedmongo.index.IndexedH2Backend;
import io.cdrplatform.embeddedmongo.index.IndexedH2Collection;
import io.cdrplatform.embeddedmongo.index.TtlMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;

/**
 * MongoDB-compatible storage on disk: mongo-java-server with its H2 backend, speaking the MongoDB
 * wire protocol on loopback so mongosh and any driver can look at it. H2 writes to disk about once
 * a second by itself; {@link #commit()} forces it, and cdr-local calls it before acknowledging
 * anything, so what was acknowledged survives a kill -9.
 *
 * <p>The file is kept near the size of its live data: compressed pages, a bounded compaction step
 * every few seconds, a full compaction when it stops (see {@link H2StoreFile}).
 *
 * <p>Secondary indexes (the logger's {@code {campaignId: 1, startTime: -1}}, {@code startTime} and the
 * TTL index on {@code createdAt}) are kept in the same file and used by queries, and a TTL monitor
 * deletes expired CDRs every minute as mongod's does, so {@code CDR_RETENTION_DAYS} holds here too (see
 * {@link IndexedH2Backend}).
 *
 * <p>H2 closes the store for good when it cannot write (an {@code OutOfMemoryError} in its
 * background writer, a full disk): every later operation fails. The store reports that once to
 * {@code onStoreLost}, so the process can stop instead of answering 500s until someone restarts it.
 */
final class LocalMongoStore implements AutoCloseable {

    static final String FILE_NAME = "mongo.mv";

    private static final long WATCH_INTERVAL_MILLIS = 500;
    /** How often a bounded compaction step runs while the store is in use (see {@link H2StoreFile}). */
    private static final long COMPACT_INTERVAL_MILLIS = 5_000;

    private final Path file;
    private final IndexedH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final ScheduledExecutorService watchdog;
    private final TtlMonitor ttlMonitor;
    private final AtomicBoolean closing = new AtomicBoolean();

    private LocalMongoStore(Path file, IndexedH2Backend backend, MongoServer server, InetSocketAddress address,
                            ScheduledExecutorService watchdog, TtlMonitor ttlMonitor) {
        this.file = file;
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.watchdog = watchdog;
        this.ttlMonitor = ttlMonitor;
    }

    static LocalMongoStore start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, cause -> { });
    }

    /** @param onStoreLost called once, from a watchdog thread, when H2 closed the store by itself */
    static LocalMongoStore start(Path dataDir, String host, int port, Consumer<Throwable> onStoreLost) {
        return start(dataDir, host, port, onStoreLost, TtlMonitor.DEFAULT_INTERVAL);
    }

    /** @param ttlInterval how often expired documents are deleted (mongod: every 60 s; tests: less) */
    static LocalMongoStore start(Path dataDir, String host, int port, Consumer<Throwable> onStoreLost,
                                 Duration ttlInterval) {
        Objects.requireNonNull(onStoreLost, "onStoreLost");
        Ports.requireFree("Embedded MongoDB", host, port, "LOCAL_MONGO_PORT");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create DATA_DIR " + dataDir, e);
        }
        // H2's background writer reports its failure here before it closes the store
        AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
        Path file = dataDir.resolve(FILE_NAME);
        MVStore mvStore = H2StoreFile.open(file, (thread, failure) -> backgroundFailure.compareAndSet(null, failure));
        IndexedH2Backend backend = EmulatorBackends.onH2(mvStore);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            backend.close();
            throw new PortInUseException("Embedded MongoDB", host, port, "LOCAL_MONGO_PORT");
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-mongo-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        LocalMongoStore store = new LocalMongoStore(file, backend, server, server.getLocalAddress(), watchdog,
                TtlMonitor.start(backend, ttlInterval));
        watchdog.scheduleWithFixedDelay(() -> {
            if (store.failedInH2() && !store.closing.get()) {
                Throwable cause = mvStore.getPanicException() != null ? mvStore.getPanicException() : backgroundFailure.get();
                watchdog.shutdown();
                onStoreLost.accept(cause != null ? cause : new IllegalStateException("the H2 store was closed"));
            }
        }, WATCH_INTERVAL_MILLIS, WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        watchdog.scheduleWithFixedDelay(() -> {
            try {
                if (!store.closing.get() && !store.failedInH2()) {
                    H2StoreFile.compactWhileRunning(mvStore);
                }
            } catch (RuntimeException e) {
                // a store H2 gave up on is reported by the check above; anything else: try again next time
            }
        }, COMPACT_INTERVAL_MILLIS, COMPACT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return store;
    }

    /** H2 gave up on the store (its "panic": every later operation fails), or closed it by itself. */
    private boolean failedInH2() {
        MVStore mvStore = backend.getMvStore();
        return mvStore.getPanicException() != null || (mvStore.isClosed() && !closing.get());
    }

    /** The H2 store under the MongoDB server (tests make it fail as H2 itself would). */
    MVStore mvStore() {
        return backend.getMvStore();
    }

    /** How many documents the queries of a collection have read so far (0 if it does not exist): what pages cost. */
    long documentsRead(String database, String collection) {
        IndexedH2Collection found = backend.collection(database, collection);
        return found == null ? 0 : found.documentsRead();
    }

    /** Forces everything written so far to disk. */
    void commit() {
        backend.commit();
    }

    int port() {
        return address.getPort();
    }

    String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        closing.set(true);
        watchdog.shutdownNow();
        ttlMonitor.close();
        if (failedInH2()) {
            // closing a store H2 gave up on spins for ever inside H2 2.3.232 (MVStore.closeStore
            // re-entered through commit), so only stop taking connections: the process is going away
            server.stopListening();
            return;
        }
        // closes the clients, then the backend, which commits and closes the H2 store
        server.shutdownNow();
        // nobody reads the file any more: keep only its live data (see H2StoreFile)
        H2StoreFile.compactOffline(file);
    }
}
