package io.cdrplatform.query;

import io.cdrplatform.store.callrecords.CallRecordCollection;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.query.cdrs.CdrRepository;
import io.cdrplatform.query.testing.LoggerStyleDocuments;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the end-to-end tests: a real MongoDB wire server and a real redis-server on free ports,
 * the handler built on them the way cdr-local builds it, and helpers to call it with API Gateway
 * events and read its JSON.
 */
abstract class QueryStores {

    static final String SECRET = "test-cursor-secret-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    static EmbeddedMongo mongo;
    static EmbeddedRedisServer redisServer;
    static MongoClient mongoClient;
    static RedisClient redisClient;
    static StatefulRedisConnection<String, String> redisConnection;

    MongoDatabase database;
    MongoCollection<Document> records;
    RedisCommands<String, String> redis;
    QueryHandler handler;
    final LoggerStyleDocuments documents = LoggerStyleDocuments.withDefaultTariff();

    @BeforeAll
    static void startStores() {
        mongo = EmbeddedMongo.start();
        redisServer = EmbeddedRedisServer.start();
        mongoClient = MongoClients.create(mongo.connectionString());
        QueryConfig config = QueryConfig.fromEnv(Map.of("REDIS_URL", redisServer.uri(), "REDIS_TIMEOUT_MS", "500"));
        redisClient = config.redisClient();
        redisConnection = RedisClient.create(redisServer.uri()).connect();
    }

    @AfterAll
    static void stopStores() {
        redisConnection.close();
        redisClient.shutdown();
        mongoClient.close();
        redisServer.stop();
        mongo.stop();
    }

    @BeforeEach
    void freshStores() {
        database = mongoClient.getDatabase("campaign_system");
        records = CallRecordCollection.in(database);
        records.drop();
        records.createIndex(new Document("callId", 1), new com.mongodb.client.model.IndexOptions().unique(true));
        records.createIndex(new Document("campaignId", 1).append("startTime", -1));
        redis = redisConnection.sync();
        redis.flushall();
        handler = new QueryHandler(database, redisClient, SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    void insert(List<CallEvent> events) {
        records.insertOne(documents.document(events, NOW));
    }

    APIGatewayV2HTTPResponse call(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    APIGatewayV2HTTPResponse get(String pathAndQuery) {
        return call(ApiEvents.get(pathAndQuery));
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET that must answer 200; its JSON body. */
    JsonNode ok(String pathAndQuery) {
        APIGatewayV2HTTPResponse response = get(pathAndQuery);
        org.assertj.core.api.Assertions.assertThat(response.getStatusCode())
                .as("status of %s: %s", pathAndQuery, response.getBody()).isEqualTo(200);
        return json(response);
    }
}
