package io.cdrplatform.store.stats;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/** The stats bucket collections ({@link StatsBucketFields}), opened only through this class. */
public final class StatsBucketCollections {

    private StatsBucketCollections() {
    }

    /** Per bucket, the per-call entries and their totals. */
    public static MongoCollection<Document> entries(MongoDatabase database) {
        return database.getCollection(StatsBucketFields.ENTRIES_COLLECTION);
    }

    /** The totals published to {@code /stats}. */
    public static MongoCollection<Document> published(MongoDatabase database) {
        return database.getCollection(StatsBucketFields.BUCKETS_COLLECTION);
    }

    /** Which campaigns' buckets are complete ({@link StatsCoverage}). */
    public static MongoCollection<Document> coverage(MongoDatabase database) {
        return database.getCollection(StatsBucketFields.COVERAGE_COLLECTION);
    }
}
