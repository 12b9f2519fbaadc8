package io.cdrplatform.logger.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Objects;

/**
 * One Redis connection, opened on first use and opened again on the next use after it broke.
 * The client comes from {@code StoreClients.redis}, whose background reconnect is off: a Lambda
 * container may be frozen between batches, and a batch must fail fast (and the next one connect
 * afresh) rather than queue behind a reconnect.
 */
public final class RedisConnector implements AutoCloseable {

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    public RedisConnector(RedisClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** An open connection; throws (a {@code RedisConnectionException}) when Redis cannot be reached. */
    public synchronized StatefulRedisConnection<String, String> connection() {
        if (connection != null && !connection.isOpen()) {
            connection.closeAsync();
            connection = null;
        }
        if (connection == null) {
            connection = client.connect();
        }
        return connection;
    }

    /** Drops the current connection, so that the next use opens a new one (after a timeout, say). */
    public synchronized void reset() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
