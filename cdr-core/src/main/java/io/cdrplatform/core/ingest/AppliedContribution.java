package io.cdrplatform.core.ingest;

import io.cdrplatform.core.counter.CounterContribution;
import java.util.Objects;

/** A call's counter contribution as of record version {@code version}: newer versions supersede older ones. */
public record AppliedContribution(String callId, long version, CounterContribution contribution) {
    public AppliedContribution {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(contribution, "contribution");
    }
}
