package io.cdrplatform.core.ingest;

import java.util.List;

/**
 * The live campaign counters (Redis in production). Applying a call's contribution replaces the
 * contribution applied for that call before, unless that one came from the same or a newer record
 * version, so applying twice, late or out of order changes nothing. Throws an unchecked exception
 * when the counters cannot be updated.
 */
public interface CallCounters {

    void apply(List<AppliedContribution> contributions);
}
