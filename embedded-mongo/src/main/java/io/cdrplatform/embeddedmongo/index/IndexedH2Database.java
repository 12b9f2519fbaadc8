package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.ErrorCode;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 database whose collections are {@link IndexedH2Collection}s and whose
 * non-unique indexes are {@link SecondaryIndex}es (mongo-java-server itself only logs "adding secondary
 * index ... is not yet implemented. ignoring" and keeps an empty stand-in).
 */
final class IndexedH2Database extends H2Database {

    private static final Logger LOG = LoggerFactory.getLogger(IndexedH2Database.class);

    /** H2Database's map names (package-private and private there; {@code MongoJavaServerInternalsTest} pins them). */
    static final String DATA_MAP_PREFIX = "databases.";
    static final String META_MAP_PREFIX = "meta.";
    static final String INDEX_MAP_INFIX = "._index_";

    private final MVStore store;
    private final IndexState state;
    /** False while H2Database's constructor runs: its call of initializeNamespacesAndIndexes is deferred to ours. */
    private final boolean constructed;

    IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry, IndexState state) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
        this.state = state;
        this.constructed = true;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
        // H2Database's constructor calls this before our fields are set; it runs once they are
        if (constructed) {
            super.initializeNamespacesAndIndexes();
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = store.openMap(DATA_MAP_PREFIX + namespace);
        MVMap<String, Object> metaMap = store.openMap(META_MAP_PREFIX + namespace);
        return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        MongoCollection<Object> resolved = resolveCollection(collectionName, false);
        if (!(resolved instanceof IndexedH2Collection collection) || collection.idField() == null) {
            return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
        }
        String mapName = getFullCollectionNamespace(collectionName) + INDEX_MAP_INFIX + indexName;
        SecondaryIndex index = SecondaryIndex.open(store, mapName, indexName, keys, sparse, collection.idField());
        boolean inUse = collection.getIndexes().stream().anyMatch(existing -> existing.getName().equals(indexName));
        if (!inUse && !index.isEmpty()
                && !(state.trusted(collection.getFullName(), collection.count(), collection.dataSize())
                     && index.getCount() == collection.count())) {
            LOG.info("rebuilding index {} of {} from its {} documents (the store was not closed cleanly, or was written without it)",
                    indexName, collection.getFullName(), collection.count());
            index.clear();
        }
        return index;
    }

    /**
     * An aggregation whose pipeline starts with {@code $match} reads its input through the collection's
     * planner (see {@link AggregationSource}) instead of from every document.
     */
    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
                                  Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate") && query.get(command) instanceof String collectionName
                && resolveCollection(collectionName, false) instanceof IndexedH2Collection collection) {
            QueryParameters source = AggregationSource.of(query.get("pipeline"));
            if (source != null) {
                return collection.withAggregationSource(source,
                        () -> super.handleCommand(channel, command, query, databaseResolver, oplog));
            }
        }
        if (command.equalsIgnoreCase("collMod") && query.get("index") instanceof Document change
                && change.get("expireAfterSeconds") instanceof Number seconds) {
            return changeExpiry(String.valueOf(query.get(command)), change, seconds);
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    /**
     * {@code collMod} of a TTL index's {@code expireAfterSeconds} (as the logger does when
     * {@code CDR_RETENTION_DAYS} changes), which mongo-java-server does not know; other {@code collMod}s
     * get its usual answer.
     */
    private Document changeExpiry(String collectionName, Document change, Number seconds) {
        String namespace = getFullCollectionNamespace(collectionName);
        MongoCollection<Object> descriptions = indexes.get();
        Document found = null;
        if (descriptions != null) {
            for (Document description : descriptions.handleQuery(new Document("ns", namespace))) {
                if (Objects.equals(description.get("name"), change.get("name"))
                        || change.get("keyPattern") instanceof Document pattern && sameKey(pattern, (Document) description.get("key"))) {
                    found = description;
                }
            }
        }
        if (found == null) {
            throw new MongoServerError(ErrorCode.IndexNotFound, "cannot find index " + change + " for ns " + namespace);
        }
        Object before = found.get("expireAfterSeconds");
        if (!(before instanceof Number)) {
            throw new MongoServerError(ErrorCode.InvalidOptions, "no expireAfterSeconds field to update");
        }
        descriptions.updateDocuments(new Document("ns", namespace).append("name", found.get("name")),
                new Document("$set", new Document("expireAfterSeconds", seconds.longValue())),
                ArrayFilters.empty(), false, false, NoopOplog.get());
        Document response = new Document("expireAfterSeconds_old", before).append("expireAfterSeconds_new", seconds.longValue());
        response.put("ok", 1.0);
        return response;
    }

    private static boolean sameKey(Document a, Document b) {
        if (b == null || !new ArrayList<>(a.keySet()).equals(new ArrayList<>(b.keySet()))) {
            return false;
        }
        for (String field : a.keySet()) {
            if (!(a.get(field) instanceof Number x) || !(b.get(field) instanceof Number y)
                    || Math.signum(x.doubleValue()) != Math.signum(y.doubleValue())) {
                return false;
            }
        }
        return true;
    }

    /** The TTL indexes of this database's collections. */
    List<IndexedH2Backend.TtlIndex> ttlIndexes() {
        List<IndexedH2Backend.TtlIndex> found = new ArrayList<>();
        MongoCollection<Object> descriptions = indexes.get();
        if (descriptions == null) {
            return found;
        }
        for (Document description : descriptions.queryAll()) {
            if (!(description.get("expireAfterSeconds") instanceof Number seconds)
                    || !(description.get("key") instanceof Document key) || key.size() != 1) {
                continue;
            }
            String collectionName = String.valueOf(description.get("ns")).substring(getDatabaseName().length() + 1);
            if (resolveCollection(collectionName, false) instanceof IndexedH2Collection collection) {
                collection.secondaryIndexes().stream()
                        .filter(index -> index.getName().equals(description.get("name")))
                        .findFirst()
                        .ifPresent(index -> found.add(new IndexedH2Backend.TtlIndex(collection, index, seconds.longValue())));
            }
        }
        return found;
    }

    /** The collections of this database that have secondary indexes. */
    List<IndexedH2Collection> indexedCollections() {
        List<IndexedH2Collection> found = new ArrayList<>();
        MongoCollection<Object> descriptions = indexes.get();
        if (descriptions == null) {
            return found;
        }
        for (Document description : descriptions.queryAll()) {
            String namespace = String.valueOf(description.get("ns"));
            String collectionName = namespace.substring(getDatabaseName().length() + 1);
            if (resolveCollection(collectionName, false) instanceof IndexedH2Collection collection
                    && !collection.secondaryIndexes().isEmpty() && !found.contains(collection)) {
                found.add(collection);
            }
        }
        return found;
    }
}
