package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.stats.StatsTotals;
import java.util.List;
import java.util.Objects;

/**
 * One guarded, atomic change of one bucket: if every entry named in {@code entries} is still as
 * expected, replace them all and add {@code delta} (new contributions minus the replaced ones) to
 * the bucket's totals; otherwise change nothing. A bucket that does not exist yet holds no entry.
 */
public record BucketChange(StatsBucketKey bucket, List<EntryChange> entries, StatsTotals delta) {
    public BucketChange {
        Objects.requireNonNull(bucket, "bucket");
        entries = List.copyOf(entries);
        Objects.requireNonNull(delta, "delta");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a bucket change changes at least one entry");
        }
    }

    /** Whether the bucket may not exist yet: every entry it changes is expected absent. */
    public boolean createsIfMissing() {
        return entries.stream().allMatch(entry -> entry.expectedVersion() == null);
    }
}
