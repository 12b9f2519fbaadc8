package io.cdrplatform.query.stores;

import io.cdrplatform.query.failure.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API's one Redis connection, shared by its Redis readers (a Lettuce connection is
 * thread-safe; readers pipeline by sending async commands before awaiting them, never by switching
 * auto-flush off, which would affect the other users). Opened on first use, so a cold start never
 * fails because Redis is down, and reopened after a failure; every failure during a read is a
 * {@link StoreUnavailableException} (through {@link RedisOutages}).
 */
public final class RedisReads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReads.class);

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

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

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            dropConnection();
            connection = client.connect();
        }
        return connection;
    }

    private synchronized void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a failed Redis connection", e);
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        dropConnection();
    }
}
