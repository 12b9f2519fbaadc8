package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with secondary indexes: non-unique and compound indexes are built
 * when created (for the documents already there, so an existing store gains them on its first start),
 * kept in the H2 file beside the data, maintained on every write and listed by {@code listIndexes}.
 *
 * <p>Written against mongo-java-server {@value #MONGO_JAVA_SERVER_VERSION}; its internals this relies on
 * are pinned by {@code MongoJavaServerInternalsTest}.
 */
public class IndexedH2Backend extends H2Backend {

    /** The mongo-java-server version this extension was written against. */
    public static final String MONGO_JAVA_SERVER_VERSION = "1.47.0";

    private final IndexState state;

    public IndexedH2Backend(MVStore store) {
        this(store, defaultClock());
    }

    /** With the clock the backend (and its {@link TtlMonitor}) tells time by. */
    public IndexedH2Backend(MVStore store, Clock clock) {
        super(store, clock);
        // H2Backend's constructor has opened the existing databases, reading the state the file was left in
        this.state = IndexState.of(store);
        state.markOpen();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry(), IndexState.of(getMvStore()));
    }

    private List<IndexedH2Database> databases() {
        List<IndexedH2Database> found = new ArrayList<>();
        for (String name : List.copyOf(listDatabaseNames())) {
            if (resolveDatabase(name) instanceof IndexedH2Database database) {
                found.add(database);
            }
        }
        return found;
    }

    /** The collections with secondary indexes, over all databases. */
    List<IndexedH2Collection> indexedCollections() {
        return databases().stream().flatMap(database -> database.indexedCollections().stream()).toList();
    }

    /** A TTL index: its collection, the index and its {@code expireAfterSeconds}. */
    record TtlIndex(IndexedH2Collection collection, SecondaryIndex index, long expireAfterSeconds) {
    }

    /** The TTL indexes of all databases (secondary indexes on one field with {@code expireAfterSeconds}). */
    List<TtlIndex> ttlIndexes() {
        return databases().stream().flatMap(database -> database.ttlIndexes().stream()).toList();
    }

    /** A collection of this backend, or null if it does not exist. */
    public IndexedH2Collection collection(String databaseName, String collectionName) {
        if (!listDatabaseNames().contains(databaseName)) {
            return null;
        }
        return resolveDatabase(databaseName).resolveCollection(collectionName, false) instanceof IndexedH2Collection collection
                ? collection : null;
    }

    /** Records that the indexes match the documents, then closes the store. */
    @Override
    public void close() {
        MVStore store = getMvStore();
        if (!store.isClosed() && store.getPanicException() == null) {
            for (IndexedH2Collection collection : indexedCollections()) {
                state.recordClean(collection.getFullName(), collection.count(), collection.dataSize());
            }
            state.markClean();
        }
        super.close();
    }
}
