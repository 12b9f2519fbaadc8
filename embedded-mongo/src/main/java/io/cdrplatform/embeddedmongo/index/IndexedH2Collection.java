package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVMap;

/**
 * mongo-java-server's H2 collection with {@link SecondaryIndex}es, and a count of the documents its
 * queries read (what a page costs, without a clock).
 */
public class IndexedH2Collection extends H2Collection {

    private final MVMap<Object, Document> dataMap;
    private final AtomicLong documentsRead = new AtomicLong();

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        this.dataMap = dataMap;
    }

    /** How many documents this collection's queries have read from the store so far (index walks and scans). */
    public long documentsRead() {
        return documentsRead.get();
    }

    /** The secondary indexes, in creation order. */
    List<SecondaryIndex> secondaryIndexes() {
        List<SecondaryIndex> secondary = new ArrayList<>();
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndex candidate) {
                secondary.add(candidate);
            }
        }
        return secondary;
    }

    String idField() {
        return getIdField();
    }

    /** The size mongo-java-server keeps of the collection's documents (changes with nearly every write). */
    long dataSize() {
        return getDataSize();
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        // a scan reads every document of the collection
        documentsRead.addAndGet(dataMap.size());
        return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected Document getDocument(Object position) {
        documentsRead.incrementAndGet();
        return super.getDocument(position);
    }
}
