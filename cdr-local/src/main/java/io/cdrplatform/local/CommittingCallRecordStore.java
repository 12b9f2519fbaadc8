package io.cdrplatform.local;

import io.cdrplatform.core.ingest.CallRecordStore;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.LoadedCalls;
import io.cdrplatform.core.ingest.WriteStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The embedded store made durable per write, as a MongoDB server acknowledges a write only once it
 * is journaled: each batch of writes is committed to disk before the cdr-logger goes on to count the
 * calls in Redis. Committing only after the whole batch (counters included) would let a kill -9
 * undo a write whose version Redis had already counted; the next write of that call would reuse the
 * version, and Redis, seeing a version it has, would keep the undone state's counts. A failed commit
 * fails the batch like any store failure, so nothing is acknowledged.
 */
final class CommittingCallRecordStore implements CallRecordStore {

    private final CallRecordStore store;
    private final Runnable commit;

    CommittingCallRecordStore(CallRecordStore store, Runnable commit) {
        this.store = store;
        this.commit = commit;
    }

    @Override
    public LoadedCalls load(Collection<String> callIds) {
        return store.load(callIds);
    }

    @Override
    public Map<String, WriteStatus> write(List<CallWrite> writes) {
        Map<String, WriteStatus> statuses = store.write(writes);
        commit.run();
        return statuses;
    }
}
