package io.cdrplatform.core.ingest;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where call records live (MongoDB {@code call_records} in production). Both operations are one
 * round trip for a whole batch. A store that cannot be reached throws an unchecked exception.
 */
public interface CallRecordStore {

    /** The stored state and version of each of these calls that has a record. */
    LoadedCalls load(Collection<String> callIds);

    /** Applies each write guarded by its expected version; the answer names every write's status by callId. */
    Map<String, WriteStatus> write(List<CallWrite> writes);
}
