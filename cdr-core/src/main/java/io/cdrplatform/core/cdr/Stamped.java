package io.cdrplatform.core.cdr;

import io.cdrplatform.core.event.JsonValues;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A value with the event timestamp it came from: the register of the CDR fold. Two registers are
 * joined by keeping the earliest (or the latest) one, ties broken by the value's canonical JSON,
 * so a join never depends on which event arrived first.
 */
public record Stamped<T>(T value, Instant at) {

    private static final Comparator<Stamped<?>> ORDER = Comparator
            .<Stamped<?>, Instant>comparing(Stamped::at)
            .thenComparing(stamped -> JsonValues.canonical(stamped.value()));

    public Stamped {
        Objects.requireNonNull(at, "at");
    }

    public static <T> Stamped<T> of(T value, Instant at) {
        return value == null ? null : new Stamped<>(value, at);
    }

    /** The earlier of two registers (either may be null). */
    public static <T> Stamped<T> earliest(Stamped<T> a, Stamped<T> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(a, b) <= 0 ? a : b;
    }

    /** The later of two registers (either may be null). */
    public static <T> Stamped<T> latest(Stamped<T> a, Stamped<T> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(a, b) >= 0 ? a : b;
    }
}
