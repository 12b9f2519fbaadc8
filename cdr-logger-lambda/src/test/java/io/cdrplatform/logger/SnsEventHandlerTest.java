package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnsEventHandlerTest {
    private static TestServers servers;

    private MongoDatabase database;
    private SnsEventHandler handler;

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @BeforeEach
    void setUp() {
        servers.flushRedis();
        database = servers.freshDatabase();
        handler = new SnsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(), new RecordingMetrics());
    }

    @Test
    void storesAPbxCallThatOnlyReportsItsEnd() {
        // given an Avaya record's call_ended as SNS invokes Lambda
        SNSEvent event = EventLoader.loadSNSEvent("events/sns-event.json");

        // when
        handler.handleRequest(event, null);

        // then start is the reported start, duration the reported one; the calling number is a PBX
        // extension, which no rate prices: an internal call costs nothing
        Document cdr = StoredRecords.get(database, "fx-sns-1");
        assertThat(cdr.getString("source")).isEqualTo("avaya");
        assertThat(cdr.getString("status")).isEqualTo("completed");
        assertThat(cdr.get("startTime")).isEqualTo(Date.from(Instant.parse("2024-01-15T10:44:08Z")));
        assertThat(cdr.get("duration")).isEqualTo(172L);
        assertThat(cdr.get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.000000")));
        assertThat(cdr.get("billableSeconds")).isEqualTo(172L);
        assertThat(cdr.get("rateName")).isEqualTo("internal");
        assertThat(cdr.get("metadata", Document.class)).containsEntry("callCode", "0");
        assertThat(servers.counters()).containsEntry("campaign:spring-sale:total_attempts", "1")
                .containsEntry("campaign:spring-sale:answered", "1")
                .doesNotContainKey("campaign:spring-sale:active_calls");
    }

    @Test
    void aRetriedInvocationCountsNothingTwice() {
        // given the invocation ran once
        handler.handleRequest(EventLoader.loadSNSEvent("events/sns-event.json"), null);

        // when Lambda retries it
        handler.handleRequest(EventLoader.loadSNSEvent("events/sns-event.json"), null);

        // then
        assertThat(servers.counters()).containsEntry("campaign:spring-sale:total_attempts", "1")
                .containsEntry("campaign:spring-sale:answered", "1");
    }
}
