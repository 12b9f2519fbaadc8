package io.cdrplatform.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30));

    @Test
    void theWaitDoublesWithEachAttemptUpToTheCap() {
        assertThat(backoff.delay(0, () -> 1.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1, () -> 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(5, () -> 1.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(9, () -> 1.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1000, () -> 1.0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterTakesAtMostHalfTheWaitAway() {
        assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(600));
    }
}
