package io.cdrplatform.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The fold's promise: any order and any duplication of a call's events gives the in-order CDR. */
class CdrFoldPropertiesTest {

    private final CdrFold fold = new CdrFold(Tariff.defaults());

    @Provide
    Arbitrary<List<CallEvent>> callEvents() {
        return CallEventStreams.oneCall("call-1");
    }

    @Property(tries = 1500)
    void shuffledAndDuplicatedDeliveryGivesTheInOrderCdr(
            @ForAll("callEvents") List<CallEvent> inOrder,
            @ForAll @Size(max = 8) List<Integer> duplicates,
            @ForAll long seed) {
        // given one delivery in order, and one shuffled with duplicates
        List<CallEvent> delivered = CallEventStreams.shuffledWithDuplicates(inOrder, duplicates, seed);

        // when both are folded
        CallState expected = fold.applyAll(null, inOrder);
        CallState actual = fold.applyAll(null, delivered);

        // then state and CDR are the same
        assertThat(actual).isEqualTo(expected);
        assertThat(fold.toCdr(actual)).isEqualTo(fold.toCdr(expected));
    }

    @Property(tries = 1000)
    void foldingInBatchesAndMergingStoredStatesGivesTheSameCdr(
            @ForAll("callEvents") List<CallEvent> inOrder,
            @ForAll long seed) {
        // given the events split into two deliveries, each folded on its own (two Lambda invocations)
        List<CallEvent> delivered = CallEventStreams.shuffledWithDuplicates(inOrder, List.of(), seed);
        int cut = Math.floorMod(seed, delivered.size() + 1);
        CallState first = fold.applyAll(null, delivered.subList(0, cut));
        CallState second = fold.applyAll(null, delivered.subList(cut, delivered.size()));

        // when their states are merged (either way round)
        CallState merged = first == null ? second : second == null ? first : first.merge(second);
        CallState mergedOtherWay = first == null ? second : second == null ? first : second.merge(first);

        // then it is the in-order state
        CallState expected = fold.applyAll(null, inOrder);
        assertThat(merged).isEqualTo(expected);
        assertThat(mergedOtherWay).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void statusNeverGoesBackwards(@ForAll("callEvents") List<CallEvent> inOrder, @ForAll long seed) {
        List<CallEvent> delivered = CallEventStreams.shuffledWithDuplicates(inOrder, List.of(), seed);
        CallState state = null;
        CallStatus previous = CallStatus.DIALING;
        for (CallEvent event : delivered) {
            state = fold.apply(state, event);
            assertThat(state.status()).isGreaterThanOrEqualTo(previous);
            previous = state.status();
        }
    }

    @Property(tries = 500)
    void reapplyingAnyEventChangesNothing(@ForAll("callEvents") List<CallEvent> inOrder,
                                          @ForAll("index") int pick) {
        CallState state = fold.applyAll(null, inOrder);
        CallEvent again = inOrder.get(Math.floorMod(pick, inOrder.size()));
        assertThat(fold.apply(state, again)).isEqualTo(state);
    }

    @Provide
    Arbitrary<Integer> index() {
        return Arbitraries.integers().between(0, 100);
    }
}
