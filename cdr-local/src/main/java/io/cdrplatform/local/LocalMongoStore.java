package io.cdrplatform.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MongoDB-compatible storage on disk: mongo-java-server with its H2 backend, speaking the MongoDB
 * wire protocol on loopback so mongosh and any driver can look at it. H2 writes to disk about once
 * a second by itself; {@link #commit()} forces it, and cdr-local calls it before acknowledging
 * anything, so what was acknowledged survives a kill -9.
 */
final class LocalMongoStore implements AutoCloseable {

    static final String FILE_NAME = "mongo.mv";

    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private LocalMongoStore(H2Backend backend, MongoServer server, InetSocketAddress address) {
        this.backend = backend;
        this.server = server;
        this.address = address;
    }

    static LocalMongoStore start(Path dataDir, String host, int port) {
        Ports.requireFree("Embedded MongoDB", host, port, "LOCAL_MONGO_PORT");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create DATA_DIR " + dataDir, e);
        }
        H2Backend backend = new H2Backend(dataDir.resolve(FILE_NAME).toString());
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            backend.close();
            throw new PortInUseException("Embedded MongoDB", host, port, "LOCAL_MONGO_PORT");
        }
        return new LocalMongoStore(backend, server, server.getLocalAddress());
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
        server.shutdownNow();
        backend.commit();
        backend.close();
    }
}
