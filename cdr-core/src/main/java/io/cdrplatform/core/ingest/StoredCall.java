package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cost.Rating;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import java.util.Objects;
import java.util.Set;

/**
 * A call as the store holds it: its fold state, the optimistic version of its record (1 after the
 * first write), the stats buckets its versions have counted in so far (empty for a record
 * written before the stats buckets existed), and how the record is priced ({@code rating}: null
 * while the call goes on, or for a record written before calls were rated).
 */
public record StoredCall(CallState state, long version, Set<StatsBucketKey> statsBuckets, Rating rating) {
    public StoredCall {
        Objects.requireNonNull(state, "state");
        if (version < 1) {
            throw new IllegalArgumentException("a stored call has version >= 1, got " + version);
        }
        statsBuckets = Set.copyOf(statsBuckets);
    }

    public StoredCall(CallState state, long version, Set<StatsBucketKey> statsBuckets) {
        this(state, version, statsBuckets, null);
    }

    public StoredCall(CallState state, long version) {
        this(state, version, Set.of());
    }
}
