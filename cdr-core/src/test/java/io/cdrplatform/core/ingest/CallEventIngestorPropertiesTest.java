package io.cdrplatform.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.cdr.CallEventStreams;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.event.CallEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The ingestor's promises (CONTRACT section 1: at least once, in any order), checked against the
 * in-memory ports, so a property tries a thousand deliveries in seconds: any order,
 * duplication and batching of a few calls' events stores the CDRs of in-order delivery and counters
 * that count each call once; redelivery changes nothing; a process crash between the record write and
 * the counter write is repaired when the transport delivers the batch again. The cdr-logger's tests
 * prove the same against MongoDB and Redis.
 */
class CallEventIngestorPropertiesTest {

    private final CdrFold fold = new CdrFold(Tariff.defaults());

    /** One to five calls, each a stream of its events in timestamp order. */
    @Provide
    Arbitrary<List<List<CallEvent>>> calls() {
        return Arbitraries.integers().between(1, 5).flatMap(count -> Combinators.combine(
                        IntStream.range(0, count).mapToObj(i -> CallEventStreams.oneCall("call-" + i)).toList())
                .as(List::copyOf));
    }

    /** Some calls' events, and how one delivery of them goes: which are sent again, and the shuffle. */
    @Provide
    Arbitrary<Delivery> deliveries() {
        return Combinators.combine(calls(), Arbitraries.integers().list().ofMaxSize(12), Arbitraries.longs())
                .as(Delivery::new);
    }

    /**
     * @param duplicates which events are delivered more than once (indices, modulo the count)
     * @param seed       the shuffle, and the cut into batches
     */
    record Delivery(List<List<CallEvent>> calls, List<Integer> duplicates, long seed) {

        /** Every event at least once, some several times, shuffled, cut into batches of 1 to 10 messages. */
        List<List<CallEvent>> batches(Random random) {
            return CallEventIngestorPropertiesTest.batches(CallEventStreams.shuffledWithDuplicates(
                    calls.stream().flatMap(List::stream).toList(), duplicates, seed), random);
        }
    }

    @Property
    void anyOrderDuplicationAndBatchingStoresTheInOrderCdrsAndCountsEachCallOnce(@ForAll("deliveries") Delivery delivery) {
        List<List<CallEvent>> calls = delivery.calls();
        // given the same events delivered one at a time in order, and shuffled, duplicated, in random batches
        Ingest inOrder = new Ingest();
        for (CallEvent event : inOrderAcrossCalls(calls)) {
            inOrder.deliver(List.of(event));
        }
        Ingest shuffled = new Ingest();
        List<List<CallEvent>> batches = delivery.batches(new Random(delivery.seed()));

        // when the batches are ingested
        for (List<CallEvent> batch : batches) {
            IngestReport report = shuffled.deliver(batch);
            assertThat(report.allStored()).isTrue();
            assertThat(report.skipped()).isEmpty();
        }

        // then the records are the fold of each call in order, and the counters count each call once
        Map<String, Cdr> expected = expectedCdrs(calls);
        assertThat(shuffled.store.cdrs()).isEqualTo(expected).isEqualTo(inOrder.store.cdrs());
        assertThat(shuffled.counters.counts()).isEqualTo(InMemoryCallCounters.countsOf(expected.values()))
                .isEqualTo(inOrder.counters.counts());
        assertThat(totalAttempts(shuffled.counters)).isEqualTo(calls.size());
        assertLastActivityIsTheNewestEventSeen(shuffled.counters, expected, calls);
    }

    @Property
    void redeliveryWritesNothingAndNeverCountsACallTwice(@ForAll("deliveries") Delivery delivery) {
        List<List<CallEvent>> calls = delivery.calls();
        // given every event stored and counted
        Random random = new Random(delivery.seed());
        Ingest ingest = new Ingest();
        List<List<CallEvent>> batches = delivery.batches(random);
        batches.forEach(ingest::deliver);
        Map<String, StoredCall> records = ingest.store.records();
        Map<String, Long> counters = ingest.counters.values();

        // when some of the batches are delivered again, in another order and other batches
        List<CallEvent> again = new ArrayList<>();
        for (List<CallEvent> batch : batches) {
            if (random.nextBoolean()) {
                again.addAll(batch);
            }
        }
        java.util.Collections.shuffle(again, random);
        for (List<CallEvent> batch : batches(again, random)) {
            IngestReport report = ingest.deliver(batch);

            // then nothing is written again and every counter keeps its value
            assertThat(report.allStored()).isTrue();
            assertThat(report.cdrsWritten()).isZero();
        }
        assertThat(ingest.store.records()).isEqualTo(records);
        assertThat(ingest.counters.values()).isEqualTo(counters);
        assertThat(ingest.counters.counts()).isEqualTo(InMemoryCallCounters.countsOf(ingest.store.cdrs().values()));
        assertThat(totalAttempts(ingest.counters)).isEqualTo(calls.size());
    }

    @Property
    void aCrashBetweenTheRecordWriteAndTheCounterWriteIsRepairedByTheNextDelivery(@ForAll("deliveries") Delivery delivery) {
        List<List<CallEvent>> calls = delivery.calls();
        // given shuffled batches, each of which may crash the process on its first delivery: right after
        // the records are written, or part-way through the counter updates
        Random random = new Random(delivery.seed());
        Ingest ingest = new Ingest();
        List<List<CallEvent>> queue = new ArrayList<>(delivery.batches(random));
        List<Boolean> firstAttempt = new ArrayList<>(java.util.Collections.nCopies(queue.size(), true));
        int crashes = 0;

        // when the transport delivers a crashed batch again later (after other batches, as SQS does
        // once the visibility timeout is over)
        while (!queue.isEmpty()) {
            List<CallEvent> batch = queue.remove(0);
            boolean first = firstAttempt.remove(0);
            if (first) {
                switch (random.nextInt(3)) {
                    case 0 -> ingest.store.crashAfterNextWrite(true);
                    case 1 -> ingest.counters.crashAfter(random.nextInt(batch.size()));
                    default -> {
                    }
                }
            }
            try {
                assertThat(ingest.deliver(batch).allStored()).isTrue();
            } catch (ProcessCrash crash) {
                crashes++;
                int later = random.nextInt(queue.size() + 1);
                queue.add(later, batch);
                firstAttempt.add(later, false);
            } finally {
                ingest.store.crashAfterNextWrite(false);
                ingest.counters.crashAfter(-1);
            }
        }

        // then records and counters are those of a delivery without crashes
        Map<String, Cdr> expected = expectedCdrs(calls);
        assertThat(ingest.store.cdrs()).isEqualTo(expected);
        assertThat(ingest.counters.counts()).isEqualTo(InMemoryCallCounters.countsOf(expected.values()));
        assertThat(totalAttempts(ingest.counters)).isEqualTo(calls.size());
        assertLastActivityIsTheNewestEventSeen(ingest.counters, expected, calls);
        Statistics.label("crashes").collect(crashes == 0 ? "none" : "some");
        Statistics.label("crashes").coverage(coverage -> coverage.check("some").percentage(p -> p > 30));
    }

    @Property
    void aWriterThatGetsInBetweenReadAndWriteCausesARereadNotALostEvent(@ForAll("deliveries") Delivery delivery) {
        List<List<CallEvent>> calls = delivery.calls();
        // given two invocations on the same store and counters; before some of the first one's writes,
        // the second ingests the next batch whole (it read and wrote in between)
        Random random = new Random(delivery.seed());
        Ingest first = new Ingest();
        Ingest second = first.sharingStores();
        List<List<CallEvent>> queue = new ArrayList<>(delivery.batches(random));
        int[] races = {0};

        // when
        while (!queue.isEmpty()) {
            List<CallEvent> batch = queue.remove(0);
            List<CallEvent> rival = !queue.isEmpty() && random.nextBoolean() ? queue.remove(0) : null;
            if (rival != null) {
                first.store.beforeNextWrite(writes -> {
                    races[0]++;
                    assertThat(second.deliver(rival).allStored()).isTrue();
                });
            }
            assertThat(first.deliver(batch).allStored()).isTrue();
            if (first.store.beforeNextWrite(null)) {
                // the batch had nothing new to write, so nothing to get in between: the rival's batch comes next
                queue.add(0, rival);
            }
        }

        // then nothing either wrote is lost, and each call is counted once
        Map<String, Cdr> expected = expectedCdrs(calls);
        assertThat(first.store.cdrs()).isEqualTo(expected);
        assertThat(first.counters.counts()).isEqualTo(InMemoryCallCounters.countsOf(expected.values()));
        Statistics.label("races").collect(races[0] == 0 ? "none" : "some");
        Statistics.label("races").coverage(coverage -> coverage.check("some").percentage(p -> p > 30));
    }

    /** The in-memory ports and the ingestor over them. */
    private final class Ingest {
        final InMemoryCallRecordStore store;
        final InMemoryCallCounters counters;
        final InMemoryMessages messages = new InMemoryMessages();
        final CallEventIngestor ingestor;

        Ingest() {
            this(new InMemoryCallRecordStore(), new InMemoryCallCounters());
        }

        private Ingest(InMemoryCallRecordStore store, InMemoryCallCounters counters) {
            this.store = store;
            this.counters = counters;
            this.ingestor = new CallEventIngestor(messages, fold, store, counters);
        }

        /** Another invocation: its own ingestor and messages, the same store and counters. */
        Ingest sharingStores() {
            return new Ingest(store, counters);
        }

        IngestReport deliver(List<CallEvent> events) {
            return ingestor.ingest(messages.deliver(events));
        }
    }

    private Map<String, Cdr> expectedCdrs(List<List<CallEvent>> calls) {
        Map<String, Cdr> expected = new TreeMap<>();
        for (List<CallEvent> call : calls) {
            expected.put(call.get(0).callId(), fold.toCdr(fold.applyAll(null, call)));
        }
        return expected;
    }

    private static List<CallEvent> inOrderAcrossCalls(List<List<CallEvent>> calls) {
        return calls.stream().flatMap(List::stream)
                .sorted((a, b) -> a.timestamp().compareTo(b.timestamp()))
                .toList();
    }


    /** Cut into batches of 1 to 10 messages, the sizes SQS and SNS hand a Lambda. */
    private static List<List<CallEvent>> batches(List<CallEvent> events, Random random) {
        List<List<CallEvent>> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(10));
            batches.add(List.copyOf(events.subList(from, to)));
            from = to;
        }
        return batches;
    }

    private static long totalAttempts(InMemoryCallCounters counters) {
        return counters.counts().entrySet().stream()
                .filter(entry -> entry.getKey().endsWith(" " + Counter.TOTAL_ATTEMPTS.name()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /**
     * Each stored call's campaign has seen at least that call's newest event, and no campaign a time
     * later than any event delivered. (A call that moves to another campaign, because an earlier event
     * names another one, leaves the first campaign's last_activity raised: it is never lowered.)
     */
    private static void assertLastActivityIsTheNewestEventSeen(InMemoryCallCounters counters, Map<String, Cdr> cdrs,
                                                               List<List<CallEvent>> calls) {
        Map<String, Long> values = counters.values();
        for (Cdr cdr : cdrs.values()) {
            assertThat(values.get(InMemoryCallCounters.lastActivity(cdr.campaignId())))
                    .isGreaterThanOrEqualTo(cdr.lastEventAt().toEpochMilli());
        }
        long newest = calls.stream().flatMap(List::stream).mapToLong(event -> event.timestamp().toEpochMilli()).max()
                .orElseThrow();
        values.forEach((key, value) -> {
            if (key.endsWith(" LAST_ACTIVITY")) {
                assertThat(value).isLessThanOrEqualTo(newest);
            }
        });
    }
}
