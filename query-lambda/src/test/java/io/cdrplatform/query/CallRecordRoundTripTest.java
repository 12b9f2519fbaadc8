package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cdr.TriggeredAction;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.WriteStatus;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.query.cdrs.CdrFilter;
import io.cdrplatform.query.cdrs.CdrRepository;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.callrecords.CallRecordFields;
import io.cdrplatform.store.callrecords.CdrView;
import io.cdrplatform.testsupport.EmbeddedMongo;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code call_records} schema end to end: what the cdr-logger writes (its real
 * {@link MongoCallRecordStore}, on a MongoDB wire server) is what the query API reads back
 * ({@link CdrRepository}), field for field, and no field is written that the reader does not read.
 */
class CallRecordRoundTripTest {

    private static final Instant START = Instant.parse("2024-01-15T10:35:00.123Z");
    private static final Instant WRITTEN_AT = Instant.parse("2024-01-15T10:40:00Z");

    private static EmbeddedMongo mongo;
    private static MongoClient client;

    @BeforeAll
    static void startMongo() {
        mongo = EmbeddedMongo.start();
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stopMongo() {
        client.close();
        mongo.stop();
    }

    @Test
    void whatTheLoggerWritesTheQueryReadsBackFieldForField() {
        // given a call with every optional field, written by the logger's store
        MongoDatabase database = client.getDatabase("round_trip_full");
        CdrFold fold = new CdrFold(Tariff.parse("0.01", "30/6"));
        Cdr written = write(database, fold, fullCall("rt-1"));

        // when the query API reads it, by callId and in a list
        CdrRepository repository = new CdrRepository(database);
        CdrView byId = repository.findByCallId("rt-1").orElseThrow();
        List<CdrView> listed = repository.page(new CdrFilter("camp-rt", DateRange.all(), Set.of()), null, 10).items();

        // then every CDR field comes back as the logger's fold made it
        assertSameCdr(byId, written);
        assertThat(listed).containsExactly(byId);
        assertThat(byId.createdAt()).isEqualTo(WRITTEN_AT);
        assertThat(byId.updatedAt()).isEqualTo(WRITTEN_AT);
        assertThat(written.dtmfInputs()).containsExactly("1", "#");
        assertThat(written.actionsTriggered()).hasSize(1);
        assertThat(written.metadata()).isNotEmpty();
        assertThat(written.cost()).isNotNull();
    }

    @Test
    void aCallThatGoesOnReadsBackWithItsOpenFieldsEmpty() {
        // given a call that has only begun
        MongoDatabase database = client.getDatabase("round_trip_open");
        CdrFold fold = new CdrFold(Tariff.defaults());
        Cdr written = write(database, fold, List.of(CallEvent.builder("rt-2", "camp-rt", EventType.CALL_INITIATED, START).build()));

        // when the query API reads it
        CdrView read = new CdrRepository(database).findByCallId("rt-2").orElseThrow();

        // then the fields it does not have yet are null or empty, as the fold says
        assertSameCdr(read, written);
        assertThat(read.endTime()).isNull();
        assertThat(read.duration()).isNull();
        assertThat(read.cost()).isNull();
    }

    @Test
    void everyFieldTheLoggerWritesIsAFieldOfTheSchemaAndEveryViewFieldIsRead() {
        // given a stored call with every optional field
        MongoDatabase database = client.getDatabase("round_trip_fields");
        write(database, new CdrFold(Tariff.defaults()), fullCall("rt-3"));

        // when the raw document is looked at
        Document raw = CallRecordCollection.in(database).find(new Document(CallRecordFields.ID, "rt-3")).first();

        // then its fields are exactly the schema's, and the view has one component per shown field
        assertThat(raw.keySet()).containsExactlyInAnyOrderElementsOf(CallRecordFields.ALL);
        List<String> shown = new ArrayList<>(CallRecordFields.ALL);
        shown.removeAll(CallRecordFields.HIDDEN);
        List<String> viewComponents = Arrays.stream(CdrView.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toList());
        assertThat(viewComponents).containsExactlyInAnyOrderElementsOf(shown);
    }

    private static Cdr write(MongoDatabase database, CdrFold fold, List<CallEvent> events) {
        CallState state = fold.applyAll(null, events);
        Cdr cdr = fold.toCdr(state);
        MongoCallRecordStore store = new MongoCallRecordStore(database, 86_400L, Clock.fixed(WRITTEN_AT, ZoneOffset.UTC));
        Map<String, WriteStatus> statuses = store.write(List.of(new CallWrite(state, cdr, 0)));
        assertThat(statuses).containsEntry(state.callId(), WriteStatus.WRITTEN);
        return cdr;
    }

    private static List<CallEvent> fullCall(String callId) {
        return List.of(
                CallEvent.builder(callId, "camp-rt", EventType.CALL_INITIATED, START)
                        .contactId("contact-7").phoneNumber("+15550100").source("asterisk").build(),
                CallEvent.builder(callId, "camp-rt", EventType.CALL_ANSWERED, START.plusSeconds(4)).build(),
                CallEvent.builder(callId, "camp-rt", EventType.DTMF_PRESSED, START.plusSeconds(10)).digit("1").build(),
                CallEvent.builder(callId, "camp-rt", EventType.DTMF_PRESSED, START.plusSeconds(11)).digit("#").build(),
                CallEvent.builder(callId, "camp-rt", EventType.ACTION_TRIGGERED, START.plusSeconds(12))
                        .action(new Action("transfer_to_agent", Map.of("queue", "sales", "priority", 2L))).build(),
                CallEvent.builder(callId, "camp-rt", EventType.CALL_ENDED, START.plusSeconds(61))
                        .outcome(Outcome.CONVERTED)
                        .metadata(Map.of("agent", "a-12", "score", 7L, "vip", true,
                                "tags", List.of("x", "y"), "crm", Map.of("id", "c-9")))
                        .build());
    }

    private static void assertSameCdr(CdrView read, Cdr written) {
        assertThat(read.callId()).isEqualTo(written.callId());
        assertThat(read.campaignId()).isEqualTo(written.campaignId());
        assertThat(read.contactId()).isEqualTo(written.contactId());
        assertThat(read.phoneNumber()).isEqualTo(written.phoneNumber());
        assertThat(read.source()).isEqualTo(written.source());
        assertThat(read.status()).isEqualTo(written.status().wireName());
        assertThat(read.outcome()).isEqualTo(written.outcome() == null ? null : written.outcome().wireName());
        assertThat(read.answered()).isEqualTo(written.reachedAnswered());
        assertThat(read.startTime()).isEqualTo(written.startTime());
        assertThat(read.answeredAt()).isEqualTo(written.answeredAt());
        assertThat(read.endTime()).isEqualTo(written.endTime());
        assertThat(read.duration()).isEqualTo(written.durationSeconds());
        assertThat(read.cost()).isEqualTo(written.cost());
        assertThat(read.dtmfInputs()).isEqualTo(written.dtmfInputs());
        List<CdrView.ActionView> expectedActions = new ArrayList<>();
        for (TriggeredAction action : written.actionsTriggered()) {
            expectedActions.add(new CdrView.ActionView(action.type(), action.parameters(), action.at()));
        }
        // nested objects come back as BSON documents: compared by content, not by map class
        assertThat(read.actionsTriggered()).usingRecursiveComparison().isEqualTo(expectedActions);
        assertThat(read.metadata()).usingRecursiveComparison().isEqualTo(written.metadata());
        assertThat(read.lastEventAt()).isEqualTo(written.lastEventAt());
    }
}
