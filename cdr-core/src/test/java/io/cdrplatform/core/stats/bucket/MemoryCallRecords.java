package io.cdrplatform.core.stats.bucket;

import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.ingest.CallRecordStore;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.LoadedCalls;
import io.cdrplatform.core.ingest.StoredCall;
import io.cdrplatform.core.ingest.WriteStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The call-record port held in a map, with the guard semantics of the MongoDB adapter (a write
 * applies only at its expected version). For the domain's properties; the adapters are tested
 * against a real MongoDB wire-protocol server.
 */
final class MemoryCallRecords implements CallRecordStore {

    private final Map<String, StoredCall> records = new TreeMap<>();

    @Override
    public synchronized LoadedCalls load(Collection<String> callIds) {
        Map<String, StoredCall> found = new LinkedHashMap<>();
        for (String callId : callIds) {
            StoredCall call = records.get(callId);
            if (call != null) {
                found.put(callId, call);
            }
        }
        return new LoadedCalls(found, Map.of());
    }

    @Override
    public synchronized Map<String, WriteStatus> write(List<CallWrite> writes) {
        Map<String, WriteStatus> statuses = new HashMap<>();
        for (CallWrite write : writes) {
            StoredCall current = records.get(write.callId());
            long version = current == null ? 0 : current.version();
            if (version != write.expectedVersion()) {
                statuses.put(write.callId(), WriteStatus.CONFLICT);
            } else {
                records.put(write.callId(), new StoredCall(write.state(), write.newVersion(), write.statsBuckets()));
                statuses.put(write.callId(), WriteStatus.WRITTEN);
            }
        }
        return statuses;
    }

    /** Every stored call's CDR view. */
    synchronized List<Cdr> cdrs(CdrFold fold) {
        return records.values().stream().map(call -> fold.toCdr(call.state())).toList();
    }
}
