package io.cdrplatform.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterContribution;
import io.cdrplatform.core.ingest.AppliedContribution;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallStateHashTest {

    @Test
    void aCallsHashIsKeyedByItsCallId() {
        assertThat(CallStateHash.key("c-1")).isEqualTo("cdr-logger:call:c-1");
        assertThat(CallStateHash.keyPattern()).isEqualTo("cdr-logger:call:*");
    }

    @Test
    void theHashHoldsVersionCampaignCounterMaskAndSortedActionTypesInFieldOrder() {
        // given a call counted in total_attempts and answered, with two action types
        AppliedContribution applied = new AppliedContribution("c-1", 3, new CounterContribution("camp",
                EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ANSWERED), Set.of("transfer", "callback"),
                Instant.parse("2024-01-15T10:35:00Z")));

        // when / then: v, c, m (bit i = i-th Counter), a (sorted, comma-joined)
        assertThat(CallStateHash.values(applied)).containsExactly(
                Map.entry("v", "3"), Map.entry("c", "camp"),
                Map.entry("m", Long.toString(1L | 1L << Counter.ANSWERED.ordinal())),
                Map.entry("a", "callback,transfer"));
    }

    @Test
    void noActionTypesIsTheEmptyString() {
        AppliedContribution applied = new AppliedContribution("c-2", 1, new CounterContribution("camp",
                EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), Instant.EPOCH));
        assertThat(CallStateHash.values(applied)).containsEntry("a", "").containsEntry("m", "1");
    }

    @Test
    void theMaskHasOneBitPerCounterByOrdinal() {
        assertThat(CallStateHash.mask(EnumSet.noneOf(Counter.class))).isZero();
        assertThat(CallStateHash.mask(EnumSet.allOf(Counter.class))).isEqualTo((1L << Counter.values().length) - 1);
        assertThat(CallStateHash.mask(EnumSet.of(Counter.VOICEMAIL))).isEqualTo(1L << 8);
    }
}
