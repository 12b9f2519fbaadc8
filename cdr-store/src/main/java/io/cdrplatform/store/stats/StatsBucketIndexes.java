package io.cdrplatform.store.stats;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes of the bucket collections: a TTL index on {@code updatedAt} in both, with the
 * retention of the CDRs ({@code CDR_RETENTION_DAYS}): a bucket is changed whenever one of its calls
 * is, so it expires no earlier than the last of its CDRs. Reads go by {@code _id} (one bucket, or a
 * campaign's range of buckets: ids sort by campaign, then start), so no other index is needed.
 */
public final class StatsBucketIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(StatsBucketIndexes.class);
    private static final Document TTL_KEY = new Document(StatsBucketFields.UPDATED_AT, 1);

    private StatsBucketIndexes() {
    }

    /** Creates the TTL indexes when missing, changes their expiry when the retention changed. */
    public static void ensure(MongoDatabase database, long retentionSeconds) {
        for (String name : List.of(StatsBucketFields.ENTRIES_COLLECTION, StatsBucketFields.BUCKETS_COLLECTION)) {
            MongoCollection<Document> collection = database.getCollection(name);
            Document ttl = null;
            for (Document index : collection.listIndexes().into(new ArrayList<>())) {
                if (TTL_KEY.equals(index.get("key"))) {
                    ttl = index;
                }
            }
            try {
                if (ttl == null) {
                    collection.createIndex(Indexes.ascending(StatsBucketFields.UPDATED_AT),
                            new IndexOptions().expireAfter(retentionSeconds, TimeUnit.SECONDS));
                } else if (!(ttl.get("expireAfterSeconds") instanceof Number seconds)
                        || seconds.longValue() != retentionSeconds) {
                    database.runCommand(new Document("collMod", name).append("index",
                            new Document("keyPattern", TTL_KEY).append("expireAfterSeconds", retentionSeconds)));
                }
            } catch (MongoCommandException e) {
                // an index with other options is an operator's decision: keep the buckets going
                LOG.warn("could not create or change the TTL index of " + name + ": " + e.getErrorMessage());
            }
        }
    }
}
