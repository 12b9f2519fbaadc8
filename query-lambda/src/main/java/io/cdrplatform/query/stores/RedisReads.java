package io.cdrplatform.query.stores;

import io.cdrplatform.query.failure.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API's Redis connection, shared by its Redis readers (a Lettuce connection is
 * thread-safe; they send async commands before awaiting them, never switching its auto-flush off,
 * which would affect the other users), and a second one with auto-flush off for reads of a whole
 * page in one write ({@link #pipelined}). Opened on first use, so a cold start never
 * fails because Redis is down, and reopened after a failure; every failure during a read is a
 * {@link StoreUnavailableException} (through {@link RedisOutages}).
 */
public final class RedisReads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReads.class);

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private final Object pipelineLock = new Object();
    private StatefulRedisConnection<String, String> pipeline;

    /** The client must carry its URI and the timeouts to use ({@code QueryConfig.redisClient()} builds it). */
    public RedisReads(RedisClient client) {
        this.client = client;
    }

    /** Runs one read on the connection; a Redis failure becomes a {@link StoreUnavailableException} with {@code message}. */
    public <T> T read(String message, Function<StatefulRedisConnection<String, String>, T> read) {
        try {
            return RedisOutages.read(message, () -> read.apply(connection()));
        } catch (StoreUnavailableException e) {
            dropConnection();
            throw e;
        }
    }

    /**
     * Runs one pipelined read: {@code read} gets a second connection of this object's with auto-flush
     * off (it queues its commands and calls {@code flushCommands()} before awaiting them, so a page of
     * commands goes out in one write) and the shared one (auto-flush on, for anything synchronous).
     * One pipelined read at a time; after a failure both connections are reopened on next use.
     */
    public <T> T pipelined(String message,
                           BiFunction<StatefulRedisConnection<String, String>, StatefulRedisConnection<String, String>, T> read) {
        synchronized (pipelineLock) {
            boolean done = false;
            try {
                T answer = RedisOutages.read(message, () -> read.apply(pipelineConnection(), connection()));
                done = true;
                return answer;
            } finally {
                if (!done) {
                    // unflushed or unanswered commands must not linger on the connection
                    dropPipeline();
                    dropConnection();
                }
            }
        }
    }

    private StatefulRedisConnection<String, String> pipelineConnection() {
        if (pipeline == null || !pipeline.isOpen()) {
            dropPipeline();
            pipeline = client.connect();
            pipeline.setAutoFlushCommands(false);
        }
        return pipeline;
    }

    private void dropPipeline() {
        closeQuietly(pipeline);
        pipeline = null;
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            dropConnection();
            connection = client.connect();
        }
        return connection;
    }

    private synchronized void dropConnection() {
        closeQuietly(connection);
        connection = null;
    }

    private static void closeQuietly(StatefulRedisConnection<String, String> open) {
        if (open != null) {
            try {
                open.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a failed Redis connection", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (pipelineLock) {
            dropPipeline();
        }
        dropConnection();
    }
}
