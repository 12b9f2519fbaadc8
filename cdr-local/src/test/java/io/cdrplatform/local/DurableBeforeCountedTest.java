package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cdrplatform.core.ingest.InboundMessage;
import io.cdrplatform.core.ingest.IngestReport;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.LoggerConfig;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.cdrplatform.testsupport.FreePorts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cdr-local's cdr-logger counts a call in Redis only once its record is committed to the embedded
 * store's disk. Otherwise a kill -9 between the two would leave Redis counting a record version that
 * the restarted store no longer has; the next write of that call would reuse the version number with
 * other contents, and Redis (keeping the newest version it has seen) would keep the wrong counts.
 */
class DurableBeforeCountedTest {

    private static final String EVENT = "{\"callId\":\"d-1\",\"campaignId\":\"durable\",\"eventType\":\"call_initiated\","
            + "\"timestamp\":\"2024-01-15T10:00:00Z\"}";
    private static final String TOTAL_ATTEMPTS = "campaign:durable:total_attempts";

    @TempDir
    Path dataDir;

    private LocalMongoStore mongo;
    private MongoClient mongoClient;
    private EmbeddedRedisServer redisServer;
    private RedisClient redis;
    private StatefulRedisConnection<String, String> redisConnection;

    @BeforeEach
    void startStores() {
        mongo = LocalMongoStore.start(dataDir, "127.0.0.1", FreePorts.next());
        mongoClient = MongoClients.create(mongo.connectionString());
        redisServer = EmbeddedRedisServer.start();
        redis = RedisClient.create(redisServer.uri());
        redisConnection = redis.connect();
    }

    @AfterEach
    void stopStores() {
        redisConnection.close();
        redis.shutdown();
        redisServer.stop();
        mongoClient.close();
        mongo.close();
    }

    private CdrLogger logger(Runnable commit) {
        LoggerConfig config = LoggerConfig.fromEnv(Map.of("CALL_RECORDS_VERSION_INDEX", "true"));
        return CdrLocal.logger(mongoClient.getDatabase("campaign_system"), redis, Clock.systemUTC(), config, commit);
    }

    @Test
    void aCallIsCountedOnlyAfterItsRecordIsCommittedToDisk() {
        // given a commit that notes what Redis counted at that moment
        List<String> countedAtCommit = new ArrayList<>();
        CdrLogger logger = logger(() -> {
            mongo.commit();
            countedAtCommit.add(String.valueOf(redisConnection.sync().get(TOTAL_ATTEMPTS)));
        });

        // when a new call's first event is processed
        IngestReport report = logger.process(List.of(new InboundMessage("m-1", EVENT)));

        // then it was on disk before Redis counted it, and counted afterwards
        assertThat(report.failedMessageIds()).isEmpty();
        assertThat(countedAtCommit).startsWith("null");
        assertThat(redisConnection.sync().get(TOTAL_ATTEMPTS)).isEqualTo("1");
    }

    @Test
    void aBatchWhoseRecordsCannotBeCommittedIsNeitherCountedNorReportedStored() {
        // given a disk that refuses the commit
        CdrLogger logger = logger(() -> {
            throw new IllegalStateException("disk full");
        });

        // when a call's event is processed
        IngestReport report = logger.process(List.of(new InboundMessage("m-1", EVENT)));

        // then the message is to be delivered again, and nothing was counted
        assertThat(report.failedMessageIds()).containsExactly("m-1");
        assertThat(redisConnection.sync().get(TOTAL_ATTEMPTS)).isNull();
    }
}
