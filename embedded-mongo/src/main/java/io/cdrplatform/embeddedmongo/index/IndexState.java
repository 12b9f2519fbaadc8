package io.cdrplatform.embeddedmongo.index;

import java.util.HashMap;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Whether the secondary indexes stored in an H2 file can be trusted when it is opened.
 *
 * <p>H2 writes a document and its index entries in separate map operations, and its background writer
 * may commit between them; after a {@code kill -9} the file can hold a document whose entry is stale. And
 * a store written by an emulator without this extension (an older cdr-local) has documents the indexes
 * never saw. So the backend marks the file "open" when it starts and, when it closes cleanly, "clean"
 * together with each indexed collection's document count and data size; at the next start an index is
 * kept only if the file was closed clean and its collection still has that count and size, else it is
 * rebuilt from the documents.
 *
 * <p>The map's name starts with {@code $}, which no MongoDB database name can, so mongo-java-server never
 * takes it for a database's map.
 */
final class IndexState {

    static final String MAP_NAME = "$cdrplatform.secondaryIndexes";
    private static final String STATE = "$state";
    private static final String CLEAN = "clean";
    private static final String OPEN = "open";

    private final MVMap<String, String> map;
    /** The map as the file was opened with (null if it was not closed clean). */
    private final Map<String, String> atOpen;

    private IndexState(MVMap<String, String> map) {
        this.map = map;
        this.atOpen = CLEAN.equals(map.get(STATE)) ? new HashMap<>(map) : null;
    }

    /** Reads the state the file was left in (call before {@link #markOpen}). */
    static IndexState of(MVStore store) {
        return new IndexState(store.openMap(MAP_NAME));
    }

    /** True if the indexes of this collection, as stored, match its documents. */
    boolean trusted(String namespace, long count, long dataSize) {
        return atOpen != null && (count + ":" + dataSize).equals(atOpen.get(namespace));
    }

    void markOpen() {
        map.clear();
        map.put(STATE, OPEN);
    }

    void recordClean(String namespace, long count, long dataSize) {
        map.put(namespace, count + ":" + dataSize);
    }

    void markClean() {
        map.put(STATE, CLEAN);
    }
}
