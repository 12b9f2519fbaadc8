package io.cdrplatform.boundarysample;

import static io.cdrplatform.store.callrecords.CallRecordFields.CAMPAIGN_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.COST;
import static io.cdrplatform.store.callrecords.CallRecordFields.path;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The same needs as {@link OffendingRecords}, met through cdr-store; and the words of the schema
 * where they are not the schema (API JSON keys, log fields, comments such as "call_records"). The
 * rule must let all of it pass. Never used by production code.
 */
public final class CompliantRecords {

    private CompliantRecords() {
    }

    public static MongoCollection<Document> collection(MongoDatabase database) {
        return CallRecordCollection.in(database);
    }

    public static Document filter(String campaignId) {
        return new Document(CAMPAIGN_ID, campaignId);
    }

    public static List<Object> aggregationPath() {
        return List.of(path(COST), 1);
    }

    public static Map<String, Object> apiJson(String callId, String status) {
        // the API's JSON keys are the contract's words too: {"callId": ..., "status": ...}
        return Map.of("callId", callId, "status", status, "quote", '"');
    }

    /** A group stage's own key: {@code new Document("_id", ...)} is MongoDB syntax, not our schema. */
    public static Document groupBySlice(Object slice) {
        return new Document("_id", slice).append("calls", new Document("$sum", 1));
    }
}
