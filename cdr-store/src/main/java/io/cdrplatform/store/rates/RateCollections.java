package io.cdrplatform.store.rates;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

/** The rate table's collections ({@link RateFields}), opened only through this class, and their index. */
public final class RateCollections {

    private RateCollections() {
    }

    public static MongoCollection<Document> rates(MongoDatabase database) {
        return database.getCollection(RateFields.RATES_COLLECTION);
    }

    public static MongoCollection<Document> imports(MongoDatabase database) {
        return database.getCollection(RateFields.IMPORTS_COLLECTION);
    }

    /** {@code {importId: 1}}: an import's clean-up of the sheets it supersedes goes by import. */
    public static void ensureIndexes(MongoDatabase database) {
        rates(database).createIndex(Indexes.ascending(RateFields.IMPORT_ID));
    }
}
