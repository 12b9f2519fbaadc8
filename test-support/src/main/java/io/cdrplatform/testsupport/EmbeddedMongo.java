package io.cdrplatform.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import io.cdrplatform.embeddedmongo.EmulatorBackends;
import io.cdrplatform.embeddedmongo.H2StoreFile;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server (mongo-java-server) on a free loopback port, in memory or on
 * disk (H2). Talk to it with the real MongoDB driver through {@link #connectionString()}.
 * It is the emulator cdr-local ships ({@code embedded-mongo}): same advertised version, same H2 settings;
 * on disk, the same secondary indexes (used by queries; no TTL monitor runs here). In memory it is
 * mongo-java-server's memory backend: only unique indexes are enforced and used, TTL never expires.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final Path h2File;
    private int port;
    private MongoServer server;

    private EmbeddedMongo(Path h2File, int port) {
        this.h2File = h2File;
        this.port = port;
    }

    /** In memory, on a free port. */
    public static EmbeddedMongo start() {
        return new EmbeddedMongo(null, 0).startServer();
    }

    /** On disk in an H2 file (kept across {@link #stop()} / {@link #restart()}), on a free port. */
    public static EmbeddedMongo startOnDisk(Path h2File) {
        return new EmbeddedMongo(h2File, 0).startServer();
    }

    private EmbeddedMongo startServer() {
        server = new MongoServer(h2File == null ? EmulatorBackends.inMemory()
                : EmulatorBackends.onH2(H2StoreFile.open(h2File, (thread, failure) -> { })));
        int wanted = port == 0 ? FreePorts.next() : port;
        server.bind("127.0.0.1", wanted);
        port = wanted;
        return this;
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Stops the server (clients see connection errors), keeping the port for {@link #restart()}. */
    public void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Starts again on the same port; an in-memory server comes back empty. */
    public void restart() {
        stop();
        startServer();
    }

    public boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }
}
