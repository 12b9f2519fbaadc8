package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Arrays;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A non-unique (possibly compound) index of one collection, kept in two H2 maps beside the collection's
 * data, so it is written in the same commits as the documents:
 * <ul>
 *   <li>{@code <db>.<collection>._index_<name>}: one {@link IndexEntry} per document (its indexed values
 *       and its {@code _id}), ordered as the index's key directions say;</li>
 *   <li>{@code ..._index_<name>.irregular}: the {@code _id}s of documents whose indexed fields hold an
 *       array or another value the index cannot order as a query would (see {@link KeyOrder}); while it
 *       is not empty the planner does not use the index (mongod's "multikey" case, answered by a scan).</li>
 * </ul>
 * mongo-java-server maintains it through the {@link Index} calls on every insert, update, upsert and
 * delete; queries never reach it through {@link #canHandle} (that is mongo-java-server's equality-only
 * path), only through {@link IndexPlanner}.
 */
final class SecondaryIndex extends Index<Object> {

    static final String IRREGULAR_SUFFIX = ".irregular";

    private final String idField;
    private final List<String> paths;
    private final boolean[] ascending;
    private final IndexEntry.Type type;
    private final MVMap<IndexEntry, Boolean> entries;
    private final MVMap<Object, Boolean> irregular;

    private SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, String idField, boolean[] ascending,
                           IndexEntry.Type type, MVMap<IndexEntry, Boolean> entries, MVMap<Object, Boolean> irregular) {
        super(name, keys, sparse);
        this.idField = idField;
        this.paths = keys.stream().map(IndexKey::getKey).toList();
        this.ascending = ascending;
        this.type = type;
        this.entries = entries;
        this.irregular = irregular;
    }

    /** Opens the index's maps under {@code mapName} (created empty when new). */
    static SecondaryIndex open(MVStore store, String mapName, String name, List<IndexKey> keys, boolean sparse, String idField) {
        boolean[] ascending = new boolean[keys.size()];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = keys.get(i).isAscending();
        }
        IndexEntry.Type type = new IndexEntry.Type(ascending);
        MVMap<IndexEntry, Boolean> entries = store.openMap(mapName, new MVMap.Builder<IndexEntry, Boolean>().keyType(type));
        MVMap<Object, Boolean> irregular = store.openMap(mapName + IRREGULAR_SUFFIX);
        return new SecondaryIndex(name, keys, sparse, idField, ascending, type, entries, irregular);
    }

    List<String> paths() {
        return paths;
    }

    boolean ascending(int component) {
        return ascending[component];
    }

    IndexEntry.Type type() {
        return type;
    }

    MVMap<IndexEntry, Boolean> entries() {
        return entries;
    }

    /** True while no document has an array or an unorderable value in an indexed field. */
    boolean usableForQueries() {
        return irregular.isEmpty();
    }

    /** Empties both maps (before a rebuild). */
    void clear() {
        entries.clear();
        irregular.clear();
    }

    private IndexEntry entryOf(Document document, Object position) {
        Object[] values = new Object[paths.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = KeyOrder.canonical(Utils.getSubdocumentValueCollectionAware(document, paths.get(i)));
        }
        return new IndexEntry(values, position);
    }

    private static boolean isIrregular(IndexEntry entry) {
        for (Object value : entry.values()) {
            if (value == KeyOrder.IRREGULAR_VALUE) {
                return true;
            }
        }
        return false;
    }

    private Object positionOf(Document document) {
        return Missing.ofNullable(document.get(idField));
    }

    @Override
    public Object getPosition(Document document) {
        Object position = positionOf(document);
        return entries.containsKey(entryOf(document, position)) ? position : null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        Object stored = Missing.ofNullable(position);
        IndexEntry entry = entryOf(document, stored);
        entries.put(entry, Boolean.TRUE);
        if (isIrregular(entry)) {
            irregular.put(stored, Boolean.TRUE);
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = positionOf(document);
        IndexEntry entry = entryOf(document, position);
        if (entries.remove(entry) == null) {
            return null;
        }
        if (isIrregular(entry)) {
            irregular.remove(position);
        }
        return position;
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("secondary indexes are used through the IndexPlanner");
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        Object stored = Missing.ofNullable(position);
        IndexEntry before = entryOf(oldDocument, stored);
        IndexEntry after = entryOf(newDocument, stored);
        if (Arrays.equals(before.values(), after.values())) {
            return;
        }
        entries.remove(before);
        if (isIrregular(before)) {
            irregular.remove(stored);
        }
        add(newDocument, stored, collection);
    }

    /** Removes the map of irregular documents; mongo-java-server's H2Database removes the entries map by its name. */
    @Override
    public void drop() {
        entries.getStore().removeMap(irregular);
    }
}
