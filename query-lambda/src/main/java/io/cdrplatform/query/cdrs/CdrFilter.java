package io.cdrplatform.query.cdrs;

import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.range.DateRange;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Which CDRs a list or export covers: one campaign, a start-time range, optionally some outcomes. */
public record CdrFilter(String campaignId, DateRange range, Set<Outcome> outcomes) {

    public CdrFilter {
        outcomes = outcomes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(outcomes));
    }

    /** What a page cursor is bound to: a cursor from one query is refused by another. */
    String scope() {
        return campaignId + "\n" + range.from() + "\n" + range.until() + "\n"
                + outcomes.stream().map(Outcome::wireName).sorted().collect(Collectors.joining(","));
    }
}
