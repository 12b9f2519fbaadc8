package io.cdrplatform.core.ingest;

import io.cdrplatform.core.cdr.Cdr;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link CallRecordStore} in memory, with the guarded write of the MongoDB adapter: a write lands
 * only while the record is still at its expected version (0: no record yet), else it is a
 * {@link WriteStatus#CONFLICT}. Besides, what a test of the ingestor needs to make happen: the
 * store unreachable, a process crash right after a write, another writer racing ahead.
 * Thread-safe.
 */
public final class InMemoryCallRecordStore implements CallRecordStore {

    private final Map<String, StoredCall> records = new HashMap<>();
    private final Map<String, Cdr> cdrs = new TreeMap<>();
    private RuntimeException unavailable;
    private boolean crashAfterNextWrite;
    private Consumer<List<CallWrite>> beforeNextWrite;
    private int loads;
    private int writes;

    @Override
    public synchronized LoadedCalls load(Collection<String> callIds) {
        loads++;
        if (unavailable != null) {
            throw unavailable;
        }
        Map<String, StoredCall> found = new LinkedHashMap<>();
        for (String callId : callIds) {
            StoredCall stored = records.get(callId);
            if (stored != null) {
                found.put(callId, stored);
            }
        }
        return new LoadedCalls(found, Map.of());
    }

    @Override
    public Map<String, WriteStatus> write(List<CallWrite> batch) {
        Consumer<List<CallWrite>> rival;
        synchronized (this) {
            rival = beforeNextWrite;
            beforeNextWrite = null;
        }
        if (rival != null) {
            rival.accept(batch);
        }
        synchronized (this) {
            writes++;
            if (unavailable != null) {
                throw unavailable;
            }
            Map<String, WriteStatus> statuses = new HashMap<>();
            for (CallWrite write : batch) {
                StoredCall current = records.get(write.callId());
                long currentVersion = current == null ? 0 : current.version();
                if (currentVersion != write.expectedVersion()) {
                    statuses.put(write.callId(), WriteStatus.CONFLICT);
                } else {
                    records.put(write.callId(), new StoredCall(write.state(), write.newVersion(), write.statsBuckets(),
                            write.cdr().rating()));
                    cdrs.put(write.callId(), write.cdr());
                    statuses.put(write.callId(), WriteStatus.WRITTEN);
                }
            }
            if (crashAfterNextWrite) {
                crashAfterNextWrite = false;
                throw new ProcessCrash("after the call records were written, before the counters");
            }
            return statuses;
        }
    }

    /** Every later load and write throws {@code failure} (null: reachable again). */
    synchronized void unavailable(RuntimeException failure) {
        this.unavailable = failure;
    }

    /** With true, the next write lands, then the process dies before it returns; false takes that back. */
    synchronized void crashAfterNextWrite(boolean crash) {
        this.crashAfterNextWrite = crash;
    }

    /**
     * Runs {@code rival} (another writer) once, between the next write's read and the write itself;
     * null takes that back. Answers whether a rival was still waiting for a write.
     */
    synchronized boolean beforeNextWrite(Consumer<List<CallWrite>> rival) {
        boolean waiting = beforeNextWrite != null;
        this.beforeNextWrite = rival;
        return waiting;
    }

    /** The CDR of each stored call as last written, by callId. */
    public synchronized Map<String, Cdr> cdrs() {
        return Map.copyOf(cdrs);
    }

    synchronized Map<String, StoredCall> records() {
        return Map.copyOf(records);
    }

    synchronized int loads() {
        return loads;
    }

    synchronized int writes() {
        return writes;
    }
}
