package io.cdrplatform.benchmarks.core;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events folded per second: the join-based fold against a naive order-independent fold that keeps
 * every distinct event and replays the sorted log on each arrival.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FoldBenchmark {

    static final int CALLS = 1000;

    private final CdrFold fold = new CdrFold(Tariff.defaults());
    /** Per call: its events shuffled with some duplicates, as SNS/SQS deliver them. */
    private List<List<CallEvent>> deliveries;
    private int totalEvents;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        Instant base = Instant.parse("2024-01-15T10:00:00Z");
        deliveries = new ArrayList<>();
        totalEvents = 0;
        for (int c = 0; c < CALLS; c++) {
            String callId = "call-" + c;
            Instant t = base.plusSeconds(c * 7L);
            List<CallEvent> events = new ArrayList<>();
            events.add(CallEvent.builder(callId, "camp", EventType.CALL_INITIATED, t).phoneNumber("+14155550100")
                    .metadata(Map.of("agent", "a" + c % 10)).build());
            events.add(CallEvent.builder(callId, "camp", EventType.CALL_ANSWERED, t.plusSeconds(5)).build());
            for (int d = 0; d < 3; d++) {
                events.add(CallEvent.builder(callId, "camp", EventType.DTMF_PRESSED, t.plusSeconds(10 + d))
                        .digit(String.valueOf(d)).build());
            }
            events.add(CallEvent.builder(callId, "camp", EventType.ACTION_TRIGGERED, t.plusSeconds(20))
                    .action(new Action("send_sms", Map.of("template", "t1"))).build());
            events.add(CallEvent.builder(callId, "camp", EventType.CALL_ENDED, t.plusSeconds(95))
                    .outcome(Outcome.CONVERTED).metadata(Map.of("disposition", "sale")).build());
            List<CallEvent> delivered = new ArrayList<>(events);
            delivered.add(events.get(random.nextInt(events.size())));
            delivered.add(events.get(random.nextInt(events.size())));
            Collections.shuffle(delivered, random);
            deliveries.add(delivered);
            totalEvents += delivered.size();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS * 9)
    public void joinFold(Blackhole blackhole) {
        for (List<CallEvent> delivery : deliveries) {
            CallState state = null;
            for (CallEvent event : delivery) {
                state = fold.apply(state, event);
            }
            blackhole.consume(fold.toCdr(state));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS * 9)
    public void naiveReplayOfSortedEventLog(Blackhole blackhole) {
        Comparator<CallEvent> byTime = Comparator.comparing(CallEvent::timestamp)
                .thenComparing(e -> e.type().ordinal());
        for (List<CallEvent> delivery : deliveries) {
            LinkedHashSet<CallEvent> log = new LinkedHashSet<>();
            CallState state = null;
            for (CallEvent event : delivery) {
                log.add(event);
                List<CallEvent> sorted = new ArrayList<>(log);
                sorted.sort(byTime);
                state = fold.applyAll(null, sorted);
            }
            blackhole.consume(fold.toCdr(state));
        }
    }

    int totalEvents() {
        return totalEvents;
    }
}
