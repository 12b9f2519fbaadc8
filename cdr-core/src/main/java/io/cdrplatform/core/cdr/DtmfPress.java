package io.cdrplatform.core.cdr;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/** One key press. Identity is (time, digit): a redelivered press is the same press. */
public record DtmfPress(String digit, Instant at) implements Comparable<DtmfPress> {

    private static final Comparator<DtmfPress> ORDER = Comparator.comparing(DtmfPress::at)
            .thenComparing(DtmfPress::digit);

    public DtmfPress {
        Objects.requireNonNull(digit, "digit");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public int compareTo(DtmfPress other) {
        return ORDER.compare(this, other);
    }
}
