package io.cdrplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped in embedded-redis) on a free loopback port, with
 * persistence off so it leaves no dump files. {@link #stop()} and {@link #restart()} simulate an
 * outage; a restart comes back empty, like a cache node that lost its data.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final int port;
    private RedisServer server;

    private EmbeddedRedisServer(int port) {
        this.port = port;
    }

    public static EmbeddedRedisServer start() {
        EmbeddedRedisServer redis = new EmbeddedRedisServer(FreePorts.next());
        redis.startServer();
        return redis;
    }

    private void startServer() {
        try {
            server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory 512mb")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server did not start on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

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
