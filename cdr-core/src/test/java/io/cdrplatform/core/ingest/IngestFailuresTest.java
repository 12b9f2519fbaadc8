package io.cdrplatform.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the ingestor reports when a store fails or another writer keeps winning, against the in-memory ports. */
class IngestFailuresTest {
    private static final Instant T0 = Instant.parse("2024-01-15T10:35:00Z");

    private final CdrFold fold = new CdrFold(Tariff.defaults());
    private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
    private final InMemoryCallCounters counters = new InMemoryCallCounters();
    private final InMemoryMessages messages = new InMemoryMessages();

    @Test
    void aStoreThatCannotBeReachedFailsEveryMessageOfAValidEventAndTouchesNoCounter() {
        // given
        RuntimeException down = new IllegalStateException("connection refused");
        store.unavailable(down);
        CallEventIngestor ingestor = new CallEventIngestor(messages, fold, store, counters);

        // when
        List<InboundMessage> batch = messages.deliver(List.of(initiated("c-1"), initiated("c-2")));
        IngestReport report = ingestor.ingest(batch);

        // then the transport is to deliver both again
        assertThat(report.failedMessageIds()).containsExactly(batch.get(0).messageId(), batch.get(1).messageId());
        assertThat(report.storeFailure()).isSameAs(down);
        assertThat(report.failedCalls()).containsOnlyKeys("c-1", "c-2");
        assertThat(report.cdrsWritten()).isZero();
        assertThat(counters.values()).isEmpty();
    }

    @Test
    void countersThatCannotBeReachedLeaveTheBatchStoredAndSayWhy() {
        // given
        RuntimeException down = new IllegalStateException("redis refused");
        counters.unavailable(down);
        CallEventIngestor ingestor = new CallEventIngestor(messages, fold, store, counters);

        // when
        IngestReport report = ingestor.ingest(messages.deliver(List.of(initiated("c-1"))));

        // then the record is stored, the batch succeeds, and the counters' failure is reported
        assertThat(report.allStored()).isTrue();
        assertThat(report.cdrsWritten()).isEqualTo(1);
        assertThat(report.countersFailure()).isSameAs(down);
        assertThat(store.cdrs()).containsOnlyKeys("c-1");
    }

    @Test
    void aWriterThatGetsInBetweenCausesOneMoreReadAndWriteAndBothEventsAreKept() {
        // given another invocation stores c-1's answer between our read and our write
        CallEventIngestor ingestor = new CallEventIngestor(messages, fold, store, counters);
        CallEventIngestor rival = new CallEventIngestor(messages, fold, store, counters);
        store.beforeNextWrite(writes -> rival.ingest(messages.deliver(List.of(
                CallEvent.builder("c-1", "camp", EventType.CALL_ANSWERED, T0.plusSeconds(3)).build()))));

        // when we ingest c-1's start
        IngestReport report = ingestor.ingest(messages.deliver(List.of(initiated("c-1"))));

        // then we read again, merged, and wrote version 2; the call is counted once, as answered
        assertThat(report.allStored()).isTrue();
        assertThat(store.loads()).isEqualTo(3);
        assertThat(store.records().get("c-1").version()).isEqualTo(2);
        assertThat(store.cdrs().get("c-1").startTime()).isEqualTo(T0);
        assertThat(store.cdrs().get("c-1").answeredAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(counters.values())
                .containsEntry(InMemoryCallCounters.counter("camp", Counter.TOTAL_ATTEMPTS), 1L)
                .containsEntry(InMemoryCallCounters.counter("camp", Counter.ANSWERED), 1L);
    }

    @Test
    void aCallThatKeepsConflictingFailsOnlyItsOwnMessagesAfterTheLastAttempt() {
        // given a rival that gets in before each of our writes
        CallEventIngestor ingestor = new CallEventIngestor(messages, fold, store, counters, 3);
        CallEventIngestor rival = new CallEventIngestor(messages, fold, store, counters);
        int[] rivalEvents = {0};
        Runnable[] armRival = new Runnable[1];
        armRival[0] = () -> store.beforeNextWrite(writes -> {
            rivalEvents[0]++;
            rival.ingest(messages.deliver(List.of(CallEvent.builder("c-1", "camp", EventType.DTMF_PRESSED,
                    T0.plusSeconds(rivalEvents[0])).digit("1").build())));
            armRival[0].run();
        });
        armRival[0].run();

        // when one batch holds c-1 and c-2
        List<InboundMessage> batch = messages.deliver(List.of(initiated("c-1"), initiated("c-2")));
        IngestReport report = ingestor.ingest(batch);
        store.beforeNextWrite(null);

        // then only c-1's message goes back, after three attempts; c-2 is stored
        assertThat(report.failedMessageIds()).containsExactly(batch.get(0).messageId());
        assertThat(report.failedCalls()).containsOnlyKeys("c-1");
        assertThat(rivalEvents[0]).isEqualTo(3);
        assertThat(store.cdrs()).containsKey("c-2");
    }

    private static CallEvent initiated(String callId) {
        return CallEvent.builder(callId, "camp", EventType.CALL_INITIATED, T0).build();
    }
}
