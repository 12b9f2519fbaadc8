package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.StatsTotals;

/**
 * What a bucket holds for one call: the contribution of the call's record version
 * {@code version}, or, when {@code contribution} is null, nothing (at that version the call counts
 * in another bucket; the entry stays so that an older version can never come back into it).
 */
public record HeldContribution(long version, StatsContribution contribution) {

    public HeldContribution {
        if (version < 1) {
            throw new IllegalArgumentException("a record version is >= 1, got " + version);
        }
    }

    public static StatsTotals totalsOf(HeldContribution held) {
        return held == null || held.contribution == null ? StatsTotals.empty() : held.contribution.totals();
    }
}
