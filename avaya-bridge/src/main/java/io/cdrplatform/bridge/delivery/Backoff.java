package io.cdrplatform.bridge.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n waits {@code initial * 2^n}, capped at {@code max},
 * times a random factor in [0.5, 1) so that several sinks or bridges do not retry in lockstep.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** The wait before retry number {@code attempt} (0 = the first retry). */
    public Duration delay(int attempt, DoubleSupplier random) {
        long initialMillis = initial.toMillis();
        long maxMillis = max.toMillis();
        long exponential = attempt >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << attempt);
        double factor = 0.5 + 0.5 * Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        return Duration.ofMillis(Math.max(1, Math.round(exponential * factor)));
    }
}
