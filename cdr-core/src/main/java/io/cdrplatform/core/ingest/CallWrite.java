package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import java.util.Objects;
import java.util.Set;

/**
 * Store this merged state (and its CDR view) if the record is still at {@code expectedVersion}
 * (0: there is no record yet). The written record has version {@code expectedVersion + 1} and
 * remembers {@code statsBuckets}, every stats bucket the call has counted in up to this version.
 */
public record CallWrite(CallState state, Cdr cdr, long expectedVersion, Set<StatsBucketKey> statsBuckets) {
    public CallWrite {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(cdr, "cdr");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("negative version " + expectedVersion);
        }
        statsBuckets = Set.copyOf(statsBuckets);
    }

    /** A write remembering only the bucket of this version. */
    public CallWrite(CallState state, Cdr cdr, long expectedVersion) {
        this(state, cdr, expectedVersion, Set.of(StatsBucketKey.of(cdr)));
    }

    public String callId() {
        return state.callId();
    }

    public long newVersion() {
        return expectedVersion + 1;
    }
}
