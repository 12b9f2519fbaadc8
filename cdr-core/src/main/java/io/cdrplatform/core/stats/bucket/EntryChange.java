package io.cdrplatform.core.stats.bucket;

import java.util.Objects;

/**
 * Replace a bucket's entry for one call by {@code next}, if the bucket still holds the entry of
 * version {@code expectedVersion} for it (null: holds no entry for it).
 */
public record EntryChange(String callId, Long expectedVersion, HeldContribution next) {
    public EntryChange {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(next, "next");
    }
}
