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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
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
    void expiredCdrsAreDeletedByTheTtlMonitorAsMongodDoes() throws Exception {
        // given a store whose TTL monitor runs often, and the logger's TTL index (CDR_RETENTION_DAYS = 1)
        try (LocalMongoStore store = LocalMongoStore.start(dataDir, "127.0.0.1", freePort(), cause -> { },
                     java.time.Duration.ofMillis(100));
             MongoClient client = MongoClients.create(store.connectionString())) {
            var calls = client.getDatabase("campaign_system").getCollection("call_records");
            calls.createIndex(new Document("createdAt", 1),
                    new com.mongodb.client.model.IndexOptions().expireAfter(86_400L, TimeUnit.SECONDS));

            // when a CDR older than the retention and a fresh one are stored
            java.util.Date now = new java.util.Date();
            calls.insertOne(new Document("_id", "old").append("createdAt", new java.util.Date(now.getTime() - 2 * 86_400_000L)));
            calls.insertOne(new Document("_id", "fresh").append("createdAt", now));

            // then the old one goes by itself (polled with a generous deadline; no assertion on the time it takes)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (calls.countDocuments(new Document("_id", "old")) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(calls.find().map(document -> document.get("_id")).into(new java.util.ArrayList<>()))
                    .containsExactly("fresh");
        }
    }

    @Test
    void aStoreThatH2ClosesAfterAFailureIsReportedOnceWithItsCause() throws Exception {
        // given a running store whose failures are collected
        BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();
        try (LocalMongoStore store = LocalMongoStore.start(dataDir, "127.0.0.1", freePort(), lost::add)) {

            // when H2 panics, as it does when its background writer fails (out of memory, disk full)
            MVStoreException failure = DataUtils.newMVStoreException(DataUtils.ERROR_WRITING_FAILED, "disk full (test)");
            assertThatThrownBy(() -> store.mvStore().panic(failure)).isSameAs(failure);

            // then the failure is reported, once, with H2's cause
            Throwable cause = lost.poll(10, TimeUnit.SECONDS);
            assertThat(cause).isNotNull().hasMessageContaining("disk full (test)");
            assertThat(lost.poll(1500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void closingTheStoreIsNotReportedAsAFailure() throws Exception {
        // given a running store
        BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();
        LocalMongoStore store = LocalMongoStore.start(dataDir, "127.0.0.1", freePort(), lost::add);

        // when it is closed normally
        store.close();

        // then nothing is reported
        assertThat(lost.poll(1500, TimeUnit.MILLISECONDS)).isNull();
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
