package io.cdrplatform.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class EmbeddedServersTest {

    @Test
    void mongoAnswersTheRealDriverAndRestartsOnTheSamePort() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start()) {
            int port = mongo.port();
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                client.getDatabase("t").getCollection("c").insertOne(new Document("x", 1));
                assertEquals(1, client.getDatabase("t").getCollection("c").countDocuments());
            }
            mongo.restart();
            assertEquals(port, mongo.port());
        }
    }

    @Test
    void redisAnswersLettuceAndComesBackEmptyAfterRestart() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("k", "v");
                assertEquals("v", connection.sync().get("k"));
            }
            redis.restart();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertEquals(null, connection.sync().get("k"));
            } finally {
                client.shutdown();
            }
        }
    }
}
