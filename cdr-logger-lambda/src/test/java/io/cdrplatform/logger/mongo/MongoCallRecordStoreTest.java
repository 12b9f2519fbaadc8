package io.cdrplatform.logger.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.LoadedCalls;
import io.cdrplatform.core.ingest.WriteStatus;
import io.cdrplatform.logger.TestServers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoCallRecordStoreTest {
    private static final Instant NOW = Instant.parse("2024-02-01T00:00:00Z");
    private static final Instant T0 = Instant.parse("2024-01-15T10:35:00.123456Z");
    private static TestServers servers;

    private final CdrFold fold = new CdrFold(Tariff.defaults());
    private MongoDatabase database;
    private MongoCallRecordStore store;

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = servers.freshDatabase();
        store = new MongoCallRecordStore(database, 30 * 86_400L, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void writesTheAgreedDocumentWithDecimalCostBsonDatesAndVersionOne() {
        // given an ended call of 61 s, answered after 5 s
        CallState state = fold.applyAll(null, List.of(
                CallEvent.builder("c-1", "camp-1", EventType.CALL_INITIATED, T0).phoneNumber("+15551234567")
                        .contactId("contact 7").source("asterisk").build(),
                CallEvent.builder("c-1", "camp-1", EventType.CALL_ANSWERED, T0.plusSeconds(5)).build(),
                CallEvent.builder("c-1", "camp-1", EventType.DTMF_PRESSED, T0.plusSeconds(10)).digit("5").build(),
                CallEvent.builder("c-1", "camp-1", EventType.ACTION_TRIGGERED, T0.plusSeconds(11))
                        .action(new Action("transfer", Map.of("to", "sales", "priority", 2))).build(),
                CallEvent.builder("c-1", "camp-1", EventType.CALL_ENDED, T0.plusSeconds(61)).outcome(Outcome.CONVERTED)
                        .metadata(Map.of("agent", "a-9")).build()));

        // when it is written
        Map<String, WriteStatus> statuses = store.write(List.of(new CallWrite(state, fold.toCdr(state), 0)));

        // then the document has the contract's fields and types
        assertThat(statuses).containsEntry("c-1", WriteStatus.WRITTEN);
        Document doc = collection().find(new Document("_id", "c-1")).first();
        assertThat(doc).isNotNull();
        assertThat(doc.getString("callId")).isEqualTo("c-1");
        assertThat(doc.getString("campaignId")).isEqualTo("camp-1");
        assertThat(doc.getString("contactId")).isEqualTo("contact 7");
        assertThat(doc.getString("phoneNumber")).isEqualTo("+15551234567");
        assertThat(doc.getString("source")).isEqualTo("asterisk");
        assertThat(doc.getString("status")).isEqualTo("completed");
        assertThat(doc.getString("outcome")).isEqualTo("converted");
        assertThat(doc.getBoolean("answered")).isTrue();
        assertThat(doc.get("startTime")).isEqualTo(Date.from(T0));
        assertThat(doc.get("answeredAt")).isEqualTo(Date.from(T0.plusSeconds(5)));
        assertThat(doc.get("endTime")).isEqualTo(Date.from(T0.plusSeconds(61)));
        assertThat(doc.get("duration")).isEqualTo(61L);
        assertThat(doc.get("cost")).isEqualTo(new Decimal128(new BigDecimal("0.010000")));
        assertThat(doc.get("billableSeconds")).isEqualTo(56L);
        assertThat(doc.get("rateName")).isEqualTo("default");
        assertThat(doc.containsKey("ratePrefix")).isTrue();
        assertThat(doc.get("ratePrefix")).isNull();
        assertThat(doc.getList("dtmfInputs", String.class)).containsExactly("5");
        Document action = doc.getList("actionsTriggered", Document.class).get(0);
        assertThat(action.getString("type")).isEqualTo("transfer");
        assertThat(action.get("parameters", Document.class)).containsEntry("to", "sales").containsEntry("priority", 2L);
        assertThat(action.get("timestamp")).isEqualTo(Date.from(T0.plusSeconds(11)));
        assertThat(doc.get("metadata", Document.class)).containsEntry("agent", "a-9");
        assertThat(doc.get("lastEventAt")).isEqualTo(Date.from(T0.plusSeconds(61)));
        assertThat(doc.get("createdAt")).isEqualTo(Date.from(NOW));
        assertThat(doc.get("updatedAt")).isEqualTo(Date.from(NOW));
        assertThat(doc.get("version")).isEqualTo(1L);
        assertThat(doc.get("fold", Document.class)).isNotNull();
    }

    @Test
    void readsBackExactlyTheStateItWroteIncludingMicrosecondsAndOddJsonValues() {
        // given a state with sub-millisecond times and metadata of every JSON kind
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("long", 12L);
        metadata.put("double", 1.5);
        metadata.put("big", new BigInteger("123456789012345678901234567890"));
        metadata.put("null", null);
        metadata.put("flag", true);
        metadata.put("list", Arrays.asList(1L, "two", null, Map.of("three", 3L)));
        metadata.put("nested", Map.of("a", Map.of("b", List.of())));
        CallState state = fold.applyAll(null, List.of(
                CallEvent.builder("c-2", "camp-1", EventType.DTMF_PRESSED, T0).digit("#").metadata(metadata).build(),
                CallEvent.builder("c-2", "camp-1", EventType.DTMF_PRESSED, T0.plusNanos(1000)).digit("#").build(),
                CallEvent.builder("c-2", "camp-1", EventType.CALL_ENDED, T0.plusSeconds(3)).outcome(Outcome.BUSY)
                        .startTime(T0.minusNanos(7)).durationSeconds(4L).build()));
        store.write(List.of(new CallWrite(state, fold.toCdr(state), 0)));

        // when it is loaded
        LoadedCalls loaded = store.load(Set.of("c-2", "unknown"));

        // then it is equal to what was written, at version 1, and unknown calls are absent
        assertThat(loaded.calls()).containsOnlyKeys("c-2");
        assertThat(loaded.calls().get("c-2").state()).isEqualTo(state);
        assertThat(loaded.calls().get("c-2").version()).isEqualTo(1);
        assertThat(loaded.unreadable()).isEmpty();
    }

    @Test
    void reportsAConflictWhenTheRecordMovedOnOrAppearedMeanwhile() {
        // given a stored call at version 1
        CallState first = fold.apply(null, CallEvent.builder("c-3", "camp-1", EventType.CALL_INITIATED, T0).build());
        store.write(List.of(new CallWrite(first, fold.toCdr(first), 0)));
        CallState second = fold.apply(first, CallEvent.builder("c-3", "camp-1", EventType.CALL_ANSWERED, T0.plusSeconds(1)).build());

        // when one writer writes as if the record were new, another from version 1 (twice: the second is stale)
        Map<String, WriteStatus> asNew = store.write(List.of(new CallWrite(second, fold.toCdr(second), 0)));
        Map<String, WriteStatus> fromOne = store.write(List.of(new CallWrite(second, fold.toCdr(second), 1)));
        Map<String, WriteStatus> stale = store.write(List.of(new CallWrite(second, fold.toCdr(second), 1)));

        // then only the write from the current version succeeds
        assertThat(asNew).containsEntry("c-3", WriteStatus.CONFLICT);
        assertThat(fromOne).containsEntry("c-3", WriteStatus.WRITTEN);
        assertThat(stale).containsEntry("c-3", WriteStatus.CONFLICT);
        Document doc = collection().find(new Document("_id", "c-3")).first();
        assertThat(doc.get("version")).isEqualTo(2L);
        assertThat(doc.getString("status")).isEqualTo("answered");
    }

    @Test
    void aConflictInABulkWriteLeavesTheOtherWritesOfTheBatchStored() {
        // given c-4 exists
        CallState existing = fold.apply(null, CallEvent.builder("c-4", "camp-1", EventType.CALL_INITIATED, T0).build());
        store.write(List.of(new CallWrite(existing, fold.toCdr(existing), 0)));
        List<CallWrite> writes = new ArrayList<>();
        for (String id : List.of("c-5", "c-4", "c-6")) {
            CallState state = fold.apply(null, CallEvent.builder(id, "camp-1", EventType.CALL_ANSWERED, T0).build());
            writes.add(new CallWrite(state, fold.toCdr(state), 0));
        }

        // when one bulk write holds a stale write between two new ones
        Map<String, WriteStatus> statuses = store.write(writes);

        // then only that one conflicts
        assertThat(statuses).containsEntry("c-5", WriteStatus.WRITTEN).containsEntry("c-4", WriteStatus.CONFLICT)
                .containsEntry("c-6", WriteStatus.WRITTEN);
        assertThat(collection().countDocuments()).isEqualTo(3);
    }

    @Test
    void ensuresTheContractIndexesWithTheTtlFromTheRetention() {
        // when the store is first used
        store.load(Set.of("any"));

        // then listIndexes shows every index of the contract
        List<Document> indexes = collection().listIndexes().into(new ArrayList<>());
        assertThat(indexes).anySatisfy(index -> {
            assertThat(index.get("key", Document.class)).isEqualTo(new Document("callId", 1));
            assertThat(index.getBoolean("unique")).isTrue();
        });
        assertThat(indexes).anySatisfy(index -> assertThat(index.get("key", Document.class))
                .isEqualTo(new Document("campaignId", 1).append("startTime", -1)));
        assertThat(indexes).anySatisfy(index -> assertThat(index.get("key", Document.class))
                .isEqualTo(new Document("startTime", 1)));
        assertThat(indexes).anySatisfy(index -> {
            assertThat(index.get("key", Document.class)).isEqualTo(new Document("createdAt", 1));
            assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isEqualTo(30 * 86_400L);
        });
    }

    @Test
    void withTheVersionIndexConflictsAreStillDetected() {
        // given a store that also keeps {_id, version} (as for mongo-java-server)
        MongoCallRecordStore indexed = new MongoCallRecordStore(database, 86_400L, true, Clock.systemUTC());
        CallState first = fold.apply(null, CallEvent.builder("c-9", "camp-1", EventType.CALL_INITIATED, T0).build());
        indexed.write(List.of(new CallWrite(first, fold.toCdr(first), 0)));

        // when writers race from version 1, and one writes as if the call were new
        Map<String, WriteStatus> won = indexed.write(List.of(new CallWrite(first, fold.toCdr(first), 1)));
        Map<String, WriteStatus> lost = indexed.write(List.of(new CallWrite(first, fold.toCdr(first), 1)));
        Map<String, WriteStatus> asNew = indexed.write(List.of(new CallWrite(first, fold.toCdr(first), 0)));

        // then
        assertThat(won).containsEntry("c-9", WriteStatus.WRITTEN);
        assertThat(lost).containsEntry("c-9", WriteStatus.CONFLICT);
        assertThat(asNew).containsEntry("c-9", WriteStatus.CONFLICT);
        assertThat(collection().listIndexes().into(new ArrayList<>())).anySatisfy(index -> {
            assertThat(index.get("key", Document.class)).isEqualTo(new Document("_id", 1).append("version", 1));
            assertThat(index.getBoolean("unique")).isTrue();
        });
    }

    @Test
    void withoutTheVersionIndexThereIsNone() {
        store.load(Set.of("any"));
        assertThat(collection().listIndexes().into(new ArrayList<>()))
                .noneSatisfy(index -> assertThat(index.get("key", Document.class)).containsKey("version"));
    }

    @Test
    void aSecondContainerFindsTheIndexesInPlace() {
        // given a first container created the indexes
        store.load(Set.of("any"));
        int before = collection().listIndexes().into(new ArrayList<>()).size();

        // when another store instance starts on the same database
        new MongoCallRecordStore(database, 30 * 86_400L, Clock.systemUTC()).load(Set.of("any"));

        // then nothing is duplicated
        assertThat(collection().listIndexes().into(new ArrayList<>())).hasSize(before);
    }

    @Test
    void aRecordWithoutFoldIsReportedUnreadableNotFatal() {
        // given a document some other tool wrote
        collection().insertOne(new Document("_id", "c-7").append("callId", "c-7").append("status", "dialing"));
        CallState fine = fold.apply(null, CallEvent.builder("c-8", "camp-1", EventType.CALL_INITIATED, T0).build());
        store.write(List.of(new CallWrite(fine, fold.toCdr(fine), 0)));

        // when both are loaded
        LoadedCalls loaded = store.load(List.of("c-7", "c-8"));

        // then the foreign one is unreadable, the other loads
        assertThat(loaded.unreadable()).containsOnlyKeys("c-7");
        assertThat(loaded.calls()).containsOnlyKeys("c-8");
    }

    @Test
    void aReadSplitIntoChunksReturnsExactlyWhatOneReadReturns() {
        // given 300 stored calls and 3 foreign records
        List<CallWrite> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            CallState state = fold.apply(null, CallEvent.builder("s-" + i, "camp-" + i % 3, EventType.CALL_INITIATED,
                    T0.plusMillis(i)).phoneNumber("+1555000" + (1000 + i)).build());
            writes.add(new CallWrite(state, fold.toCdr(state), 0));
        }
        store.write(writes);
        for (int i = 0; i < 3; i++) {
            collection().insertOne(new Document("_id", "foreign-" + i).append("callId", "foreign-" + i).append("status", "dialing"));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            ids.add("s-" + i); // s-300 .. s-319 do not exist
        }
        ids.addAll(List.of("foreign-0", "foreign-1", "foreign-2"));

        // when they are read by a store that splits the read into 4 chunks, and by one that does not
        MongoCallRecordStore split = new MongoCallRecordStore(database, 30 * 86_400L, false, 4, Clock.systemUTC());
        MongoCallRecordStore single = new MongoCallRecordStore(database, 30 * 86_400L, false, 1, Clock.systemUTC());
        assertThat(MongoCallRecordStore.readChunks(ids, 4, MongoCallRecordStore.MIN_READ_CHUNK)).hasSize(4);
        LoadedCalls chunked = split.load(ids);
        LoadedCalls whole = single.load(ids);

        // then both found exactly the stored calls, with the same states and versions, and the same unreadable ones
        assertThat(chunked.calls()).hasSize(300);
        assertThat(chunked.calls()).isEqualTo(whole.calls());
        assertThat(chunked.unreadable()).containsOnlyKeys("foreign-0", "foreign-1", "foreign-2");
        assertThat(chunked.unreadable()).isEqualTo(whole.unreadable());
    }

    @Test
    void aWriteSplitIntoConcurrentPartsStoresWhatOneBulkWriteStoresAndNamesEachConflict() {
        // given 300 writes with actions, key presses and metadata, and two stores at the same instant
        List<CallWrite> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            CallState state = fold.applyAll(null, List.of(
                    CallEvent.builder("b-" + i, "camp-" + i % 3, EventType.CALL_INITIATED, T0.plusMillis(i))
                            .phoneNumber("+1555000" + (1000 + i)).build(),
                    CallEvent.builder("b-" + i, "camp-" + i % 3, EventType.DTMF_PRESSED, T0.plusSeconds(5))
                            .digit(String.valueOf(i % 10)).build()));
            writes.add(new CallWrite(state, fold.toCdr(state), 0));
        }
        MongoDatabase other = servers.freshDatabase();
        MongoCallRecordStore split = new MongoCallRecordStore(database, 30 * 86_400L, false, 4,
                Clock.fixed(NOW, ZoneOffset.UTC));
        MongoCallRecordStore single = new MongoCallRecordStore(other, 30 * 86_400L, false, 1,
                Clock.fixed(NOW, ZoneOffset.UTC));

        // when one writes them in 2 concurrent parts (the second on a reader thread) and the other in one
        Map<String, WriteStatus> splitStatuses = split.write(writes);
        Map<String, WriteStatus> singleStatuses = single.write(writes);

        // then every write is reported, in order, and both collections hold the same documents
        assertThat(splitStatuses.keySet()).containsExactlyElementsOf(writes.stream().map(CallWrite::callId).toList());
        assertThat(splitStatuses).containsOnlyKeys(singleStatuses.keySet()).doesNotContainValue(WriteStatus.FAILED)
                .doesNotContainValue(WriteStatus.CONFLICT);
        List<Document> splitDocuments = collection().find().sort(new Document("_id", 1)).into(new ArrayList<>());
        List<Document> singleDocuments = other.getCollection("call_records").find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
        assertThat(splitDocuments).hasSize(300).isEqualTo(singleDocuments);

        // and when the split store writes them again, every 40th from a stale version (in both parts)
        List<CallWrite> again = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            CallWrite write = writes.get(i);
            again.add(new CallWrite(write.state(), write.cdr(), i % 40 == 0 ? 0 : 1));
        }
        Map<String, WriteStatus> againStatuses = split.write(again);

        // then exactly the stale ones are conflicts, the others are written
        againStatuses.forEach((callId, status) -> assertThat(status).as(callId).isEqualTo(
                Integer.parseInt(callId.substring(2)) % 40 == 0 ? WriteStatus.CONFLICT : WriteStatus.WRITTEN));
        assertThat(againStatuses).hasSize(300);
    }

    @Test
    void aSplitReadFailsWhenTheServerIsGone() {
        // given a store that splits reads, and a server that stops
        TestServers own = TestServers.start();
        try {
            MongoCallRecordStore split = new MongoCallRecordStore(own.freshDatabase(), 86_400L, false, 4,
                    Clock.systemUTC());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                ids.add("gone-" + i);
            }
            assertThat(split.load(ids).calls()).isEmpty();
            own.mongoServer.stop();

            // when it reads, then the read fails as a whole (the batch's messages come again)
            assertThatThrownBy(() -> split.load(ids)).isInstanceOf(MongoException.class);
        } finally {
            own.close();
        }
    }

    @Test
    void readParallelismBelowOneIsRefused() {
        assertThatThrownBy(() -> new MongoCallRecordStore(database, 86_400L, false, 0, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private MongoCollection<Document> collection() {
        return database.getCollection("call_records");
    }
}
