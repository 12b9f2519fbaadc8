package io.cdrplatform.store.callrecords;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/**
 * The MongoDB collection holding one document per call. Its writer (the cdr-logger) and its
 * readers (the query API, the rebuild commands, cdr-local) name it only through this class.
 */
public final class CallRecordCollection {

    public static final String NAME = "call_records";

    private CallRecordCollection() {
    }

    /** The collection in {@code database}. */
    public static MongoCollection<Document> in(MongoDatabase database) {
        return database.getCollection(NAME);
    }
}
