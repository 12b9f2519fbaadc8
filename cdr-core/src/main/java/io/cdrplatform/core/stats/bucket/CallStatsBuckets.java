package io.cdrplatform.core.stats.bucket;

import java.util.Collection;
import java.util.Set;

/** The stats buckets as the cdr-logger keeps them: see {@link StatsBucketUpkeep}. */
public interface CallStatsBuckets {

    /** No buckets kept (a logger without the stats buckets). */
    CallStatsBuckets NONE = targets -> Set.of();

    /**
     * Makes the buckets hold these calls at their versions; answers the calls that could not be
     * brought up to date (deliver their events again). Throws when the buckets cannot be reached.
     */
    Set<String> keep(Collection<CallStatsTarget> targets);
}
