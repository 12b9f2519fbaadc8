package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MongoOutageTest {

    @Test
    void mongodb_down_is_a_503_with_the_error_shape_on_every_mongodb_route_including_the_csv_export() throws Exception {
        // given a handler whose MongoDB has gone away
        EmbeddedMongo mongo = EmbeddedMongo.start();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
                .build())) {
            RedisClient redis = RedisClient.create("redis://127.0.0.1:1");
            QueryHandler handler = new QueryHandler(client.getDatabase("campaign_system"), redis,
                    "test-cursor-secret-0123456789", Clock.systemUTC());
            mongo.stop();

            for (String pathAndQuery : new String[] {"/campaigns/camp-1/cdrs", "/campaigns/camp-1/cdrs?format=csv",
                    "/campaigns/camp-1/stats", "/calls/call-1"}) {
                // when
                APIGatewayV2HTTPResponse response = handler.handleRequest(ApiEvents.get(pathAndQuery), null);

                // then
                assertThat(response.getStatusCode()).as(pathAndQuery).isEqualTo(503);
                assertThat(response.getHeaders().get("Content-Type")).startsWith("application/json");
                assertThat(new ObjectMapper().readTree(response.getBody()).get("error").asText()).isEqualTo("mongodb_unavailable");
            }
            redis.shutdown();
        } finally {
            mongo.stop();
        }
    }
}
