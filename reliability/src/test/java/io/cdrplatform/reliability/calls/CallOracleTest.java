package io.cdrplatform.reliability.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.reliability.calls.GeneratedEvent.EventKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test oracle against the contract's own worked examples, so that it cannot agree with a wrong system by accident. */
class CallOracleTest {

    private static final Instant T0 = Instant.parse("2024-01-15T10:35:00Z");

    private static GeneratedEvent event(EventKind kind, Instant at, String outcome, Instant startTime, Long duration) {
        return new GeneratedEvent("c#" + kind + at, "c", kind, at, kind == EventKind.DTMF ? "5" : null, null, null, outcome,
                startTime, duration, null, null, null, null, "{}");
    }

    @Test
    void costsFollowTheContractExamples() {
        CallOracle perMinute = new CallOracle(new BigDecimal("0.01"), 60, 60);
        assertThat(perMinute.cost(61)).isEqualByComparingTo("0.02");
        assertThat(perMinute.cost(0)).isEqualByComparingTo("0");
        assertThat(perMinute.cost(60)).isEqualByComparingTo("0.01");
        CallOracle thirtySix = new CallOracle(new BigDecimal("0.01"), 30, 6);
        assertThat(thirtySix.cost(61)).isEqualByComparingTo("0.011");
        assertThat(thirtySix.cost(1)).isEqualByComparingTo("0.005");
    }

    @Test
    void startTimeAndDurationFollowTheContractOrderOfSources() {
        CallOracle oracle = new CallOracle(new BigDecimal("0.01"), 60, 60);
        GeneratedCall call = new GeneratedCall("c", "k", "test", List.of());
        // call_initiated wins; duration given on the end wins over end - start
        ExpectedCdr withInitiated = oracle.expect(call, List.of(
                event(EventKind.INITIATED, T0, null, null, null),
                event(EventKind.ENDED, T0.plusSeconds(100), "answered", T0.minusSeconds(5), 42L)));
        assertThat(withInitiated.startTime()).isEqualTo(T0);
        assertThat(withInitiated.duration()).isEqualTo(42);
        // the end's startTime, else end minus duration; end - start rounded down when no duration
        ExpectedCdr pbx = oracle.expect(call, List.of(event(EventKind.ENDED, T0, "answered", null, 172L)));
        assertThat(pbx.startTime()).isEqualTo(T0.minusSeconds(172));
        ExpectedCdr computed = oracle.expect(call, List.of(event(EventKind.INITIATED, T0, null, null, null),
                event(EventKind.ENDED, T0.plusMillis(61_900), "busy", null, null)));
        assertThat(computed.duration()).isEqualTo(61);
        assertThat(computed.answered()).isFalse();
        assertThat(computed.cost()).isEqualByComparingTo("0"); // busy: nothing billable
        ExpectedCdr talked = oracle.expect(call, List.of(event(EventKind.INITIATED, T0, null, null, null),
                event(EventKind.ANSWERED, T0.plusSeconds(10), null, null, null),
                event(EventKind.ENDED, T0.plusMillis(71_900), "answered", null, null)));
        assertThat(talked.cost()).isEqualByComparingTo("0.02"); // 61 s answered
        ExpectedCdr machine = oracle.expect(call, List.of(event(EventKind.ENDED, T0, "voicemail", null, 61L)));
        assertThat(machine.cost()).isEqualByComparingTo("0.02"); // no answer time: the whole duration
    }

    @Test
    void statusAndCountersCountCallsNotEvents() {
        CallOracle oracle = new CallOracle(new BigDecimal("0.01"), 60, 60);
        GeneratedCall call = new GeneratedCall("c", "k", "test", List.of());
        GeneratedEvent initiated = event(EventKind.INITIATED, T0, null, null, null);
        GeneratedEvent answered = event(EventKind.ANSWERED, T0.plusSeconds(3), null, null, null);
        ExpectedCdr talking = oracle.expect(call, List.of(initiated, answered, answered, initiated));
        assertThat(talking.status()).isEqualTo("answered");
        ExpectedLive live = oracle.live(List.of(talking, oracle.expect(call, List.of(initiated))));
        assertThat(live.counters()).containsEntry("totalAttempts", 2L).containsEntry("activeCalls", 2L)
                .containsEntry("answered", 1L);
        ExpectedStats stats = oracle.stats(List.of(talking), ZoneOffset.UTC);
        assertThat(stats.answerRate()).isEqualByComparingTo("1");
        assertThat(stats.byHour().get(10).attempts()).isEqualTo(1);
    }
}
