package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.core.ingest.CallRecordStore;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.InboundMessage;
import io.cdrplatform.core.ingest.IngestReport;
import io.cdrplatform.core.ingest.LoadedCalls;
import io.cdrplatform.core.ingest.WriteStatus;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The application service over the real MongoDB and Redis adapters: conflicts, unreadable records, round trips. */
class CallEventIngestorTest {
    private static final Instant T0 = Instant.parse("2024-01-15T10:35:00Z");
    private static final CallEventCodec CODEC = new CallEventCodec();
    private static TestServers servers;

    private final CdrFold fold = new CdrFold(Tariff.defaults());
    private MongoDatabase database;
    private MongoCallRecordStore mongoStore;
    private RedisCallCounters counters;

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
        mongoStore = new MongoCallRecordStore(database, 86_400L, Clock.systemUTC());
        counters = new RedisCallCounters(new RedisConnector(servers.redis), Duration.ofDays(15), Duration.ofSeconds(2));
    }

    /** The real store, with another writer racing ahead of the first {@code races} writes. */
    private final class RacingStore implements CallRecordStore {
        private final AtomicInteger races;
        private final CallEvent rivalEvent;
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();

        RacingStore(int races, CallEvent rivalEvent) {
            this.races = new AtomicInteger(races);
            this.rivalEvent = rivalEvent;
        }

        @Override
        public LoadedCalls load(Collection<String> callIds) {
            loads.incrementAndGet();
            return mongoStore.load(callIds);
        }

        @Override
        public Map<String, WriteStatus> write(List<CallWrite> batch) {
            writes.incrementAndGet();
            if (races.getAndDecrement() > 0) {
                // the rival read the same version, merged its own event and wrote first
                LoadedCalls current = mongoStore.load(List.of(rivalEvent.callId()));
                var stored = current.calls().get(rivalEvent.callId());
                CallState state = fold.apply(stored == null ? null : stored.state(), rivalEvent);
                assertThat(mongoStore.write(List.of(new CallWrite(state, fold.toCdr(state),
                        stored == null ? 0 : stored.version())))).containsValue(WriteStatus.WRITTEN);
            }
            return mongoStore.write(batch);
        }
    }

    @Test
    void aConcurrentWriterCausesARereadAndAMergeNotALostUpdate() {
        // given another invocation stores call_answered of the same call between our read and our write
        RacingStore store = new RacingStore(1, CallEvent.builder("r-1", "camp", EventType.CALL_ANSWERED, T0.plusSeconds(3)).build());
        CallEventIngestor ingestor = new CallEventIngestor(CODEC, fold, store, counters);

        // when our batch (the call's start and a DTMF press) is ingested
        IngestReport report = ingestor.ingest(List.of(
                message("1", CallEvent.builder("r-1", "camp", EventType.CALL_INITIATED, T0).build()),
                message("2", CallEvent.builder("r-1", "camp", EventType.DTMF_PRESSED, T0.plusSeconds(4)).digit("7").build())));

        // then the record holds both invocations' events, at version 2, in two read-write rounds
        assertThat(report.failedMessageIds()).isEmpty();
        Document record = StoredRecords.get(database, "r-1");
        assertThat(record.getString("status")).isEqualTo("answered");
        assertThat(record.getList("dtmfInputs", String.class)).containsExactly("7");
        assertThat(record.get("version")).isEqualTo(2L);
        assertThat(store.loads.get()).isEqualTo(2);
        assertThat(store.writes.get()).isEqualTo(2);
        assertThat(servers.counters()).containsEntry("campaign:camp:answered", "1")
                .containsEntry("campaign:camp:total_attempts", "1");
    }

    @Test
    void aCallThatKeepsConflictingFailsOnlyItsOwnMessages() {
        // given a rival wins every race on r-2
        RacingStore store = new RacingStore(100, CallEvent.builder("r-2", "camp", EventType.CALL_ANSWERED, T0.plusSeconds(3)).build());
        CallEventIngestor ingestor = new CallEventIngestor(CODEC, fold, store, counters, 3);

        // when a batch touches r-2 and r-3
        IngestReport report = ingestor.ingest(List.of(
                message("a", CallEvent.builder("r-2", "camp", EventType.CALL_INITIATED, T0).build()),
                message("b", CallEvent.builder("r-3", "camp", EventType.CALL_INITIATED, T0).build())));

        // then only r-2's message is to be delivered again, after three attempts; r-3 is stored
        assertThat(report.failedMessageIds()).containsExactly("a");
        assertThat(report.failedCalls()).containsKey("r-2");
        assertThat(store.writes.get()).isEqualTo(3);
        assertThat(StoredRecords.get(database, "r-3")).isNotNull();
    }

    @Test
    void aRecordThatCannotBeReadFailsItsMessagesAndNothingElse() {
        // given a call_records document without fold, written by some other tool
        database.getCollection("call_records").insertOne(new Document("_id", "r-4").append("status", "dialing"));
        CallEventIngestor ingestor = new CallEventIngestor(CODEC, fold, mongoStore, counters);

        // when
        IngestReport report = ingestor.ingest(List.of(
                message("x", CallEvent.builder("r-4", "camp", EventType.CALL_ANSWERED, T0).build()),
                message("y", CallEvent.builder("r-5", "camp", EventType.CALL_ANSWERED, T0).build())));

        // then the foreign record is left alone and its message goes back; r-5 is stored
        assertThat(report.failedMessageIds()).containsExactly("x");
        assertThat(StoredRecords.get(database, "r-4")).doesNotContainKey("fold");
        assertThat(StoredRecords.get(database, "r-5").getString("status")).isEqualTo("answered");
    }

    @Test
    void oneBatchCostsOneReadAndOneWriteWhateverItsSize() {
        // given 500 events of 100 calls
        RacingStore store = new RacingStore(0, null);
        CallEventIngestor ingestor = new CallEventIngestor(CODEC, fold, store, counters);
        List<InboundMessage> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            messages.add(message("m" + i, CallEvent.builder("call-" + (i % 100), "camp", EventType.DTMF_PRESSED,
                    T0.plusMillis(i)).digit("1").build()));
        }

        // when
        IngestReport report = ingestor.ingest(messages);

        // then
        assertThat(report.cdrsWritten()).isEqualTo(100);
        assertThat(store.loads.get()).isEqualTo(1);
        assertThat(store.writes.get()).isEqualTo(1);
        assertThat(servers.counters()).containsEntry("campaign:camp:total_attempts", "100");
    }

    private static InboundMessage message(String id, CallEvent event) {
        return new InboundMessage(id, CODEC.write(event));
    }
}
