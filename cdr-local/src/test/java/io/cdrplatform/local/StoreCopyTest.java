package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;

/** {@code copy-store}: the embedded store's data, indexes included, into a second MongoDB wire server. */
class StoreCopyTest {

    private static final long ONE_YEAR = 365L * 86_400;

    @TempDir
    Path dataDir;

    private EmbeddedMongo targetServer;
    private final List<BsonDocument> commandsToTarget = Collections.synchronizedList(new ArrayList<>());
    private MongoClient target;
    private List<RawBsonDocument> storedCdrs;
    private List<RawBsonDocument> storedRates;

    @BeforeEach
    void cdrLocalWithCallsAndAnotherCollectionThenStopped() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", dataDir.toString(),
                "LOCAL_MONGO_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_REDIS_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_SNS_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_HTTP_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_BRIDGE", "false");
        try (CdrLocal local = CdrLocal.start(env);
             SnsClient sns = LocalSnsClients.forPort(local.snsPort());
             MongoClient embedded = MongoClients.create(local.mongoUri())) {
            for (int i = 0; i < 25; i++) {
                String callId = "copy-" + i;
                sns.publish(r -> r.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN).message("{\"callId\":\"" + callId
                        + "\",\"campaignId\":\"copy\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:00:00Z\"}"));
                sns.publish(r -> r.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN).message("{\"callId\":\"" + callId
                        + "\",\"campaignId\":\"copy\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T10:01:01Z\","
                        + "\"outcome\":\"answered\",\"duration\":61}"));
            }
            // another collection with a unique index, as another feature would keep beside the CDRs
            var rates = embedded.getDatabase("campaign_system").getCollection("rates");
            rates.createIndex(new Document("prefix", 1).append("validFrom", 1), new IndexOptions().unique(true));
            rates.insertOne(new Document("prefix", "+44").append("validFrom", "2024-01-01").append("rateName", "UK"));
            storedCdrs = embedded.getDatabase("campaign_system").getCollection("call_records", RawBsonDocument.class)
                    .find().into(new ArrayList<>());
            storedRates = embedded.getDatabase("campaign_system").getCollection("rates", RawBsonDocument.class)
                    .find().into(new ArrayList<>());
        }
        targetServer = EmbeddedMongo.start();
        target = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(targetServer.connectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commandsToTarget.add(event.getCommand().clone());
                    }
                }).build());
    }

    @AfterEach
    void stopTarget() {
        target.close();
        targetServer.stop();
    }

    @Test
    void every_document_arrives_byte_for_byte_with_the_contract_indexes_and_a_second_run_changes_nothing() {
        // when
        List<StoreCopy.Copied> copied = StoreCopy.copy(dataDir.resolve("mongo"), target, ONE_YEAR);
        List<StoreCopy.Copied> again = StoreCopy.copy(dataDir.resolve("mongo"), target, ONE_YEAR);

        // then the documents are those the embedded store held, exactly (Decimal128 cost, dates, fold, version)
        assertThat(storedCdrs).hasSize(25);
        var database = target.getDatabase("campaign_system");
        assertThat(database.getCollection("call_records", RawBsonDocument.class).find().into(new ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(storedCdrs);
        assertThat(database.getCollection("rates", RawBsonDocument.class).find().into(new ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(storedRates);
        assertThat(copied).extracting(StoreCopy.Copied::collection).contains("call_records", "rates");
        assertThat(again).extracting(StoreCopy.Copied::documents).isEqualTo(copied.stream().map(StoreCopy.Copied::documents).toList());
        assertThat(database.getCollection("call_records").countDocuments()).isEqualTo(25);

        // and call_records got the contract's indexes as the logger creates them (the emulator keeps only
        // the unique one, so the others are checked as the createIndexes commands the target received),
        // without the {_id, version} index only the emulator needs
        List<BsonDocument> created = createdIndexes("call_records");
        assertThat(created).extracting(index -> index.getDocument("key").toJson()).contains(
                "{\"callId\": 1}", "{\"campaignId\": 1, \"startTime\": -1}", "{\"startTime\": 1}", "{\"createdAt\": 1}")
                .doesNotContain("{\"_id\": 1, \"version\": 1}");
        assertThat(created).filteredOn(index -> index.getDocument("key").containsKey("createdAt"))
                .allSatisfy(index -> assertThat(index.getNumber("expireAfterSeconds").longValue()).isEqualTo(ONE_YEAR));
        assertThat(created).filteredOn(index -> index.getDocument("key").containsKey("callId"))
                .allSatisfy(index -> assertThat(index.getBoolean("unique").getValue()).isTrue());
        assertThat(indexKeys("call_records")).contains("{\"callId\": 1}");
        // and the other collection got the indexes the embedded store had
        assertThat(indexKeys("rates")).contains("{\"prefix\": 1, \"validFrom\": 1}");
    }

    @Test
    void the_command_line_needs_a_target_and_copies_from_DATA_DIR() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int usage = StoreCopy.main(List.of(), Map.of("DATA_DIR", dataDir.toString()), new PrintStream(out), new PrintStream(err));
        int copied = StoreCopy.main(List.of("--to", targetServer.connectionString()), Map.of("DATA_DIR", dataDir.toString()),
                new PrintStream(out), new PrintStream(err));

        assertThat(usage).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar cdr-local.jar copy-store --to MONGODB_URI");
        assertThat(copied).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("campaign_system.call_records: 25 documents")
                .contains("rebuild-counters");
        assertThat(target.getDatabase("campaign_system").getCollection("call_records").countDocuments()).isEqualTo(25);
    }

    private List<BsonDocument> createdIndexes(String collection) {
        List<BsonDocument> indexes = new ArrayList<>();
        for (BsonDocument command : commandsToTarget) {
            if (command.containsKey("createIndexes") && command.getString("createIndexes").getValue().equals(collection)) {
                command.getArray("indexes").forEach(index -> indexes.add(index.asDocument()));
            }
        }
        return indexes;
    }

    private List<String> indexKeys(String collection) {
        List<String> keys = new ArrayList<>();
        for (Document index : target.getDatabase("campaign_system").getCollection(collection).listIndexes()) {
            keys.add(index.get("key", Document.class).toJson());
        }
        return keys;
    }
}
