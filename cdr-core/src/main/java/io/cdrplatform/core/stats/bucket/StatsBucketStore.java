package io.cdrplatform.core.stats.bucket;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the campaign stats buckets live (MongoDB in production). Each operation is one round trip
 * for a whole batch; a store that cannot be reached throws an unchecked exception.
 *
 * <p>A bucket has entries (per call, the {@link HeldContribution} it holds) and the totals of those
 * entries, changed together atomically by {@link #write}; and the totals it publishes to readers,
 * which {@link #settle} brings up to date. (A store whose readers read the entry totals directly
 * may make {@code settle} a no-op.)
 */
public interface StatsBucketStore {

    /** For each bucket, the entries it holds for the calls named (a call without entry is absent). */
    Map<StatsBucketKey, Map<String, HeldContribution>> read(Map<StatsBucketKey, Set<String>> calls);

    /**
     * Applies each change atomically if its guards hold; answers the buckets whose change may not
     * have been applied (read them again).
     */
    Set<StatsBucketKey> write(List<BucketChange> changes);

    /** Publishes these buckets' current entry totals to readers (idempotent; an older total never replaces a newer one). */
    void settle(Set<StatsBucketKey> buckets);
}
