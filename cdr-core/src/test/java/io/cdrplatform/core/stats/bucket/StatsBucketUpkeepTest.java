package io.cdrplatform.core.stats.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.StatsTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatsBucketUpkeepTest {

    private static final StatsBucketKey TEN = new StatsBucketKey("c", Instant.parse("2024-01-15T10:00:00Z"));
    private static final StatsBucketKey NINE = new StatsBucketKey("c", Instant.parse("2024-01-15T09:45:00Z"));
    private static final StatsContribution RINGING = new StatsContribution(false, null, true, null, null);
    private static final StatsContribution ANSWERED = new StatsContribution(true, Outcome.ANSWERED, false, 61L,
            new BigDecimal("0.020000"));

    private final MemoryStatsBuckets store = new MemoryStatsBuckets();
    private final StatsBucketUpkeep upkeep = new StatsBucketUpkeep(store);

    @Test
    void aNewerVersionReplacesTheCallsContributionAndTheTotalsFollow() {
        upkeep.keep(List.of(new CallStatsTarget("x", 1, TEN, RINGING, Set.of())));

        upkeep.keep(List.of(new CallStatsTarget("x", 2, TEN, ANSWERED, Set.of(TEN))));

        assertThat(store.published.get(TEN).totals()).isEqualTo(ANSWERED.totals());
        assertThat(store.buckets.get(TEN).entries).isEqualTo(Map.of("x", new HeldContribution(2, ANSWERED)));
    }

    @Test
    void anOlderVersionArrivingLateChangesNothing() {
        upkeep.keep(List.of(new CallStatsTarget("x", 2, TEN, ANSWERED, Set.of())));

        upkeep.keep(List.of(new CallStatsTarget("x", 1, TEN, RINGING, Set.of())));

        assertThat(store.published.get(TEN).totals()).isEqualTo(ANSWERED.totals());
    }

    @Test
    void aCallWhoseStartMovesLeavesAnEmptyEntryOfItsNewVersionBehind() {
        upkeep.keep(List.of(new CallStatsTarget("x", 1, TEN, RINGING, Set.of())));

        // a late call_initiated moved the start to 09:5x
        upkeep.keep(List.of(new CallStatsTarget("x", 2, NINE, ANSWERED, Set.of(TEN))));
        // a slow writer of version 1 comes back with its bucket
        upkeep.keep(List.of(new CallStatsTarget("x", 1, TEN, RINGING, Set.of())));

        assertThat(store.published.get(TEN).totals().isZero()).isTrue();
        assertThat(store.buckets.get(TEN).entries).isEqualTo(Map.of("x", new HeldContribution(2, null)));
        assertThat(store.published.get(NINE).totals()).isEqualTo(ANSWERED.totals());
    }

    @Test
    void aCrashBeforeTheTotalsArePublishedIsRepairedByTheNextUpkeepOfTheCall() {
        store.crashWhen(operation -> operation == 3); // read, write, then dies before publishing
        try {
            upkeep.keep(List.of(new CallStatsTarget("x", 1, TEN, ANSWERED, Set.of())));
        } catch (IllegalStateException crash) {
            // the process died
        }
        assertThat(store.published.get(TEN)).isNull();

        store.crashWhen(operation -> false);
        upkeep.keep(List.of(new CallStatsTarget("x", 1, TEN, ANSWERED, Set.of())));

        assertThat(store.published.get(TEN).totals()).isEqualTo(ANSWERED.totals());
    }

    @Test
    void aRivalWriterBetweenTheReadAndTheWriteMakesTheCallGoRoundAgain() {
        store.interleave(2, () -> upkeep.keep(List.of(new CallStatsTarget("x", 2, TEN, ANSWERED, Set.of()))));

        upkeep.keep(List.of(new CallStatsTarget("x", 1, TEN, RINGING, Set.of()),
                new CallStatsTarget("y", 1, TEN, RINGING, Set.of())));

        StatsTotals expected = ANSWERED.totals().plus(RINGING.totals());
        assertThat(store.buckets.get(TEN).totals).isEqualTo(expected);
        assertThat(store.published.get(TEN).totals()).isEqualTo(expected);
    }
}
