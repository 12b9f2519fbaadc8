package io.cdrplatform.core.ingest;

import java.util.Map;

/**
 * The answer of one read of a batch's calls.
 *
 * @param calls      the calls that have a record; a call not named here has none yet
 * @param unreadable calls whose record exists but cannot be read back into a fold state, with why
 */
public record LoadedCalls(Map<String, StoredCall> calls, Map<String, String> unreadable) {
    public LoadedCalls {
        calls = Map.copyOf(calls);
        unreadable = Map.copyOf(unreadable);
    }
}
