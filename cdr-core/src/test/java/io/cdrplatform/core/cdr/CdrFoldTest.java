package io.cdrplatform.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CdrFoldTest {

    private static final Instant T0 = Instant.parse("2024-01-15T10:35:00Z");
    private final CdrFold fold = new CdrFold(Tariff.defaults());

    private static CallEvent.Builder event(EventType type, int second) {
        return CallEvent.builder("c-1", "camp", type, T0.plusSeconds(second));
    }

    private Cdr cdrOf(CallEvent... events) {
        return fold.toCdr(fold.applyAll(null, List.of(events)));
    }

    @Test
    void aFullCallBecomesACompletedCdrWithCostAndDigitsInPressedOrder() {
        Cdr cdr = cdrOf(
                event(EventType.CALL_INITIATED, 0).phoneNumber("+14155550100").contactId("ct-1").build(),
                event(EventType.CALL_ANSWERED, 5).build(),
                event(EventType.DTMF_PRESSED, 10).digit("1").build(),
                event(EventType.DTMF_PRESSED, 11).digit("#").build(),
                event(EventType.ACTION_TRIGGERED, 12).action(new Action("send_sms", Map.of("to", "x"))).build(),
                event(EventType.CALL_ENDED, 66).outcome(Outcome.CONVERTED).build());

        assertThat(cdr.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(cdr.outcome()).isEqualTo(Outcome.CONVERTED);
        assertThat(cdr.startTime()).isEqualTo(T0);
        assertThat(cdr.answeredAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(cdr.endTime()).isEqualTo(T0.plusSeconds(66));
        assertThat(cdr.durationSeconds()).isEqualTo(66L);
        assertThat(cdr.cost()).isEqualByComparingTo("0.02");
        assertThat(cdr.dtmfInputs()).containsExactly("1", "#");
        assertThat(cdr.actionsTriggered()).extracting(TriggeredAction::type).containsExactly("send_sms");
        assertThat(cdr.phoneNumber()).isEqualTo("+14155550100");
        assertThat(cdr.contactId()).isEqualTo("ct-1");
        assertThat(cdr.reachedAnswered()).isTrue();
        assertThat(cdr.lastEventAt()).isEqualTo(T0.plusSeconds(66));
    }

    @Test
    void durationGivenOnTheEndWinsOverTheComputedOne() {
        Cdr cdr = cdrOf(event(EventType.CALL_INITIATED, 0).build(),
                event(EventType.CALL_ENDED, 100).outcome(Outcome.ANSWERED).durationSeconds(61L).build());
        assertThat(cdr.startTime()).isEqualTo(T0);
        assertThat(cdr.durationSeconds()).isEqualTo(61L);
    }

    @Test
    void aPbxRecordAloneTakesItsStartFromTheEndsStartTime() {
        Cdr cdr = cdrOf(event(EventType.CALL_ENDED, 172).outcome(Outcome.ANSWERED)
                .startTime(T0.plusSeconds(2)).build());
        assertThat(cdr.startTime()).isEqualTo(T0.plusSeconds(2));
        assertThat(cdr.durationSeconds()).isEqualTo(170L);
    }

    @Test
    void anEndWithOnlyADurationStartsThatLongBeforeIt() {
        Cdr cdr = cdrOf(event(EventType.CALL_ENDED, 172).outcome(Outcome.ANSWERED).durationSeconds(172L).build());
        assertThat(cdr.startTime()).isEqualTo(T0);
        assertThat(cdr.durationSeconds()).isEqualTo(172L);
    }

    @Test
    void aCallInitiatedArrivingAfterTheEndMovesTheStartToTheInitiation() {
        CallState ended = fold.apply(null, event(EventType.CALL_ENDED, 60).outcome(Outcome.BUSY).build());
        Cdr cdr = fold.toCdr(fold.apply(ended, event(EventType.CALL_INITIATED, 20).build()));
        assertThat(cdr.startTime()).isEqualTo(T0.plusSeconds(20));
        assertThat(cdr.durationSeconds()).isEqualTo(40L);
        assertThat(cdr.status()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void aCallInProgressHasNoDurationOrCostAndCountsAsDialing() {
        Cdr cdr = cdrOf(event(EventType.CALL_INITIATED, 0).build());
        assertThat(cdr.status()).isEqualTo(CallStatus.DIALING);
        assertThat(cdr.durationSeconds()).isNull();
        assertThat(cdr.cost()).isNull();
        assertThat(cdr.reachedAnswered()).isFalse();
    }

    @Test
    void anAnsweredEndCountsAsAnsweredWithoutACallAnsweredEvent() {
        assertThat(cdrOf(event(EventType.CALL_ENDED, 0).outcome(Outcome.OPTED_OUT).build()).reachedAnswered()).isTrue();
        assertThat(cdrOf(event(EventType.CALL_ENDED, 0).outcome(Outcome.VOICEMAIL).build()).reachedAnswered()).isFalse();
    }

    @Test
    void aZeroSecondCallCostsNothing() {
        Cdr cdr = cdrOf(event(EventType.CALL_ENDED, 0).outcome(Outcome.NO_ANSWER).durationSeconds(0L).build());
        assertThat(cdr.cost()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void theSameDigitPressedTwiceAtDifferentTimesIsKeptTwiceButARedeliveryOnce() {
        CallEvent first = event(EventType.DTMF_PRESSED, 1).digit("5").build();
        CallEvent second = event(EventType.DTMF_PRESSED, 2).digit("5").build();
        assertThat(cdrOf(first, second, first, second).dtmfInputs()).containsExactly("5", "5");
    }

    @Test
    void laterMetadataOverwritesAKeyWhateverTheArrivalOrder() {
        CallEvent early = event(EventType.CALL_INITIATED, 0).metadata(Map.of("disposition", "pending", "a", 1)).build();
        CallEvent late = event(EventType.CALL_ANSWERED, 9).metadata(Map.of("disposition", "callback")).build();
        assertThat(cdrOf(late, early).metadata()).containsEntry("disposition", "callback").containsEntry("a", 1L);
        assertThat(cdrOf(early, late).metadata()).containsEntry("disposition", "callback");
    }

    @Test
    void dtmfPressesAreBoundedToTheEarliestThousand() {
        CallState state = null;
        for (int i = CallState.MAX_DTMF_PRESSES + 10; i > 0; i--) {
            state = fold.apply(state, event(EventType.DTMF_PRESSED, i).digit("1").build());
        }
        assertThat(state.dtmfPresses()).hasSize(CallState.MAX_DTMF_PRESSES);
        assertThat(state.dtmfPresses().get(0).at()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void statesOfDifferentCallsDoNotMerge() {
        CallState a = CallState.of(event(EventType.CALL_INITIATED, 0).build());
        CallState b = CallState.of(CallEvent.builder("other", "camp", EventType.CALL_INITIATED, T0).build());
        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class);
    }
}
