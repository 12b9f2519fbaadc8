package io.cdrplatform.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsBucketsTest {

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void aStartTimeFallsInTheQuarterHourThatHoldsIt() {
        assertThat(StatsBuckets.startOf(at("2024-01-15T10:44:59.999999Z"))).isEqualTo(at("2024-01-15T10:30:00Z"));
        assertThat(StatsBuckets.startOf(at("2024-01-15T10:45:00Z"))).isEqualTo(at("2024-01-15T10:45:00Z"));
        assertThat(StatsBuckets.startOf(at("1969-12-31T23:59:59.500Z"))).isEqualTo(at("1969-12-31T23:45:00Z"));
    }

    @Test
    void aRangeOnQuarterHoursIsWholeBucketsOnly() {
        StatsBuckets.Split split = StatsBuckets.split(at("2024-01-14T18:30:00Z"), at("2024-01-15T18:30:00Z"));

        assertThat(split.hasWholeBuckets()).isTrue();
        assertThat(split.wholeFrom()).isEqualTo(at("2024-01-14T18:30:00Z"));
        assertThat(split.wholeUntil()).isEqualTo(at("2024-01-15T18:30:00Z"));
        assertThat(split.edges()).isEmpty();
    }

    @Test
    void aRangeStartingAndEndingMidBucketHasTwoPartialEdges() {
        StatsBuckets.Split split = StatsBuckets.split(at("2024-01-15T10:07:00Z"), at("2024-01-15T11:50:00.001Z"));

        assertThat(split.wholeFrom()).isEqualTo(at("2024-01-15T10:15:00Z"));
        assertThat(split.wholeUntil()).isEqualTo(at("2024-01-15T11:45:00Z"));
        assertThat(split.edges()).containsExactly(
                new StatsBuckets.Edge(at("2024-01-15T10:07:00Z"), at("2024-01-15T10:15:00Z")),
                new StatsBuckets.Edge(at("2024-01-15T11:45:00Z"), at("2024-01-15T11:50:00.001Z")));
    }

    @Test
    void aRangeWithoutAWholeBucketIsOneEdge() {
        StatsBuckets.Split inOne = StatsBuckets.split(at("2024-01-15T10:01:00Z"), at("2024-01-15T10:02:00Z"));
        StatsBuckets.Split acrossTwo = StatsBuckets.split(at("2024-01-15T10:10:00Z"), at("2024-01-15T10:20:00Z"));

        assertThat(inOne.hasWholeBuckets()).isFalse();
        assertThat(inOne.edges()).containsExactly(new StatsBuckets.Edge(at("2024-01-15T10:01:00Z"), at("2024-01-15T10:02:00Z")));
        assertThat(acrossTwo.edges()).containsExactly(new StatsBuckets.Edge(at("2024-01-15T10:10:00Z"), at("2024-01-15T10:20:00Z")));
    }

    @Test
    void openEndsAreOpenWholeRangesAndAnEmptyRangeReadsNothing() {
        StatsBuckets.Split open = StatsBuckets.split(null, at("2024-01-15T10:20:00Z"));
        StatsBuckets.Split empty = StatsBuckets.split(at("2024-01-15T10:20:00Z"), at("2024-01-15T10:20:00Z"));

        assertThat(open.hasWholeBuckets()).isTrue();
        assertThat(open.wholeFrom()).isNull();
        assertThat(open.wholeUntil()).isEqualTo(at("2024-01-15T10:15:00Z"));
        assertThat(open.edges()).containsExactly(new StatsBuckets.Edge(at("2024-01-15T10:15:00Z"), at("2024-01-15T10:20:00Z")));
        assertThat(empty.hasWholeBuckets()).isFalse();
        assertThat(empty.edges()).isEqualTo(List.of());
    }
}
