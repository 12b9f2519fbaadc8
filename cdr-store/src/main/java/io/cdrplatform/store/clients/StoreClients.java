package io.cdrplatform.store.clients;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one pair of MongoDB and Redis client factories. Every module (the cdr-logger,
 * {@code rebuild-counters}, the query API, cdr-local, {@code copy-store}) builds its clients here,
 * from {@link StoreSettings}, so they all wait as long and recover the same way:
 * <ul>
 *   <li>MongoDB: server selection and connect within {@code MONGODB_TIMEOUT_MS}, and a socket read
 *       timeout of {@link #MONGODB_READ_TIMEOUT} (under Lambda's and API Gateway's 30 s), so a lost
 *       cluster fails a batch or a request instead of hanging it; the driver reconnects by itself;</li>
 *   <li>Redis ({@code redis://} or {@code rediss://} with an ElastiCache auth token as password):
 *       connect within {@code REDIS_CONNECT_TIMEOUT_MS}, every command within
 *       {@code REDIS_COMMAND_TIMEOUT_MS}, TCP keep-alive, and no background reconnect: a Lambda
 *       container may be frozen between invocations, so a command fails at once while disconnected
 *       ({@code REJECT_COMMANDS}) and its user opens a new connection on its next use.</li>
 * </ul>
 */
public final class StoreClients {

    public static final Duration MONGODB_READ_TIMEOUT = Duration.ofSeconds(25);

    private StoreClients() {
    }

    /** A MongoDB client for {@code settings.mongoUri()}; {@code applicationName} shows in the server's logs. */
    public static MongoClient mongo(StoreSettings settings, String applicationName) {
        return mongo(settings.mongoUri(), settings.mongoTimeout(), applicationName);
    }

    /** A MongoDB client for {@code uri} with the same settings (copy-store's target, tests). */
    public static MongoClient mongo(String uri, Duration timeout, String applicationName) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket
                        .connectTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) MONGODB_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applicationName(applicationName)
                .build());
    }

    /** A Redis client for {@code settings.redisUri()}. */
    public static RedisClient redis(StoreSettings settings) {
        return redis(settings.redisUri(), settings.redisConnectTimeout(), settings.redisCommandTimeout());
    }

    /** A Redis client for {@code uri} with these timeouts and the behaviour above (tests, benchmarks). */
    public static RedisClient redis(String uri, Duration connectTimeout, Duration commandTimeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(commandTimeout);
        RedisClient client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        return client;
    }
}
