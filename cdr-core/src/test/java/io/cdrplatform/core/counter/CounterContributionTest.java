package io.cdrplatform.core.counter;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterContributionTest {

    private static final Instant T0 = Instant.parse("2024-01-15T10:35:00Z");
    private final CdrFold fold = new CdrFold(Tariff.defaults());

    private CounterContribution contributionOf(CallEvent... events) {
        return CounterContribution.of(fold.toCdr(fold.applyAll(null, List.of(events))));
    }

    private static CallEvent.Builder event(EventType type, int second) {
        return CallEvent.builder("c-1", "camp", type, T0.plusSeconds(second));
    }

    @Test
    void aCallBegunAndNotEndedIsAnActiveAttempt() {
        CounterContribution contribution = contributionOf(event(EventType.CALL_INITIATED, 0).build());
        assertThat(contribution.counters()).containsExactlyInAnyOrder(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS);
        assertThat(contribution.campaignId()).isEqualTo("camp");
        assertThat(contribution.lastActivity()).isEqualTo(T0);
    }

    @Test
    void anEndedConvertedCallCountsAnsweredAndConvertedButIsNoLongerActive() {
        CounterContribution contribution = contributionOf(event(EventType.CALL_INITIATED, 0).build(),
                event(EventType.CALL_ENDED, 30).outcome(Outcome.CONVERTED).build());
        assertThat(contribution.counters())
                .containsExactlyInAnyOrder(Counter.TOTAL_ATTEMPTS, Counter.ANSWERED, Counter.CONVERTED);
    }

    @Test
    void anAnsweredOutcomeCountsAnsweredOnce() {
        assertThat(contributionOf(event(EventType.CALL_ANSWERED, 0).build(),
                event(EventType.CALL_ENDED, 9).outcome(Outcome.ANSWERED).build()).counters())
                .containsExactlyInAnyOrder(Counter.TOTAL_ATTEMPTS, Counter.ANSWERED);
    }

    @Test
    void eachUnansweredOutcomeCountsItsOwnKey() {
        for (Outcome outcome : List.of(Outcome.BUSY, Outcome.FAILED, Outcome.NO_ANSWER, Outcome.VOICEMAIL)) {
            assertThat(contributionOf(event(EventType.CALL_ENDED, 0).outcome(outcome).build()).counters())
                    .containsExactlyInAnyOrder(Counter.TOTAL_ATTEMPTS, Counter.of(outcome));
        }
    }

    @Test
    void actionTypesCountOncePerCall() {
        CounterContribution contribution = contributionOf(
                event(EventType.ACTION_TRIGGERED, 1).action(new Action("sms", Map.of())).build(),
                event(EventType.ACTION_TRIGGERED, 2).action(new Action("sms", Map.of("n", 2))).build(),
                event(EventType.ACTION_TRIGGERED, 3).action(new Action("transfer", Map.of())).build());
        assertThat(contribution.actionTypes()).containsExactly("sms", "transfer");
    }
}
