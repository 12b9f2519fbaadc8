package io.cdrplatform.logger;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/** What a test compares: the call records of a database, without the fields that depend on when and how often they were written. */
public final class StoredRecords {
    private StoredRecords() {
    }

    public static Map<String, Document> comparable(MongoDatabase database) {
        Map<String, Document> records = new TreeMap<>();
        for (Document document : database.getCollection("call_records").find().into(new ArrayList<>())) {
            Document copy = new Document(document);
            copy.remove("createdAt");
            copy.remove("updatedAt");
            copy.remove("version");
            records.put(document.getString("_id"), copy);
        }
        return records;
    }

    public static Document get(MongoDatabase database, String callId) {
        return database.getCollection("call_records").find(new Document("_id", callId)).first();
    }
}
