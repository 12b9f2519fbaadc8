package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import java.util.Objects;

/**
 * Store this merged state (and its CDR view) if the record is still at {@code expectedVersion}
 * (0: there is no record yet). The written record has version {@code expectedVersion + 1}.
 */
public record CallWrite(CallState state, Cdr cdr, long expectedVersion) {
    public CallWrite {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(cdr, "cdr");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("negative version " + expectedVersion);
        }
    }

    public String callId() {
        return state.callId();
    }

    public long newVersion() {
        return expectedVersion + 1;
    }
}
