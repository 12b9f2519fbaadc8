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
            copy.remove("statsBuckets"); // where the call has counted so far depends on the order of arrival
            records.put(document.getString("_id"), copy);
        }
        return records;
    }

    /** The published stats buckets that count some call ({@code _id} to totals), cost at 6 decimals. */
    public static Map<String, io.cdrplatform.core.stats.StatsTotals> statsBuckets(MongoDatabase database) {
        Map<String, io.cdrplatform.core.stats.StatsTotals> buckets = new TreeMap<>();
        for (Document document : database.getCollection(
                io.cdrplatform.store.stats.StatsBucketFields.BUCKETS_COLLECTION).find()) {
            io.cdrplatform.core.stats.StatsTotals totals = io.cdrplatform.store.stats.StatsBucketCodec.totalsOf(document);
            if (!totals.isZero()) {
                buckets.put(document.getString("_id"), totals.withCostScale(6));
            }
        }
        return buckets;
    }

    public static Document get(MongoDatabase database, String callId) {
        return database.getCollection("call_records").find(new Document("_id", callId)).first();
    }
}
