package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoresTest {

    @TempDir
    Path dataDir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void mongoDataSurvivesARestart() throws Exception {
        int port = freePort();
        try (LocalMongoStore store = LocalMongoStore.start(dataDir, "127.0.0.1", port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            client.getDatabase("campaign_system").getCollection("call_records").insertOne(new Document("_id", "c-1"));
            store.commit();
        }
        try (LocalMongoStore store = LocalMongoStore.start(dataDir, "127.0.0.1", port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(client.getDatabase("campaign_system").getCollection("call_records").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void aTakenPortIsAClearErrorNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LocalMongoStore.start(dataDir, "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(PortInUseException.class).hasMessageContaining("LOCAL_MONGO_PORT");
            assertThatThrownBy(() -> LocalRedisServer.start(dataDir, "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(PortInUseException.class).hasMessageContaining("LOCAL_REDIS_PORT");
        }
    }

    @Test
    void redisCountersSurviveARestartAndAnOrphanedServerOfOurOwnIsReplaced() throws Exception {
        int port = freePort();
        LocalRedisServer orphan = LocalRedisServer.start(dataDir, "127.0.0.1", port);
        RedisClient client = RedisClient.create(orphan.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().incrby("campaign:c:total_attempts", 7);
        }
        // as if cdr-local had been killed with -9: the child redis-server still runs
        try (LocalRedisServer redis = LocalRedisServer.start(dataDir, "127.0.0.1", port);
             StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().get("campaign:c:total_attempts")).isEqualTo("7");
        } finally {
            client.shutdown();
            orphan.close();
        }
    }
}
