package io.cdrplatform.boundarysample;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.lettuce.core.RedisClient;
import java.util.List;
import org.bson.Document;

/**
 * What the store boundary forbids outside cdr-store, one way each ({@code StoreBoundaryRuleTest}
 * proves that the rule fails on it). Never used by production code.
 */
public final class OffendingRecords {

    private OffendingRecords() {
    }

    public static MongoClient ownMongoClient(String uri) {
        return MongoClients.create(uri);
    }

    public static RedisClient ownRedisClient(String uri) {
        return RedisClient.create(uri);
    }

    public static MongoCollection<Document> collectionByName(MongoDatabase database) {
        return database.getCollection("call_records");
    }

    public static Document filterNamingFields(String campaignId) {
        return new Document("campaignId", campaignId).append("outcome", "busy");
    }

    public static Object filterWithTheDriverBuilders(String callId) {
        return Filters.eq("startTime", callId);
    }

    public static String readsAFieldByName(Document record) {
        return record.getString("status");
    }

    public static List<Object> aggregationPath() {
        return List.of("$cost", 1);
    }
}
