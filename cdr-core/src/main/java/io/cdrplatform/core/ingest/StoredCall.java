package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.CallState;
import java.util.Objects;

/** A call as the store holds it: its fold state and the optimistic version of its record (1 after the first write). */
public record StoredCall(CallState state, long version) {
    public StoredCall {
        Objects.requireNonNull(state, "state");
        if (version < 1) {
            throw new IllegalArgumentException("a stored call has version >= 1, got " + version);
        }
    }
}
