package io.cdrplatform.logger.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The indexes of CONTRACT section 2, created when missing: {@code callId} unique,
 * {@code {campaignId: 1, startTime: -1}}, {@code startTime}, and the TTL index on {@code createdAt}
 * (changed in place with {@code collMod} when {@code CDR_RETENTION_DAYS} changed).
 */
final class CallRecordIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecordIndexes.class);
    private static final Document TTL_KEY = new Document("createdAt", 1);

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    private final long retentionSeconds;
    private final boolean versionIndex;
    private volatile boolean ensured;

    CallRecordIndexes(MongoDatabase database, MongoCollection<Document> collection, long retentionSeconds,
                      boolean versionIndex) {
        this.database = database;
        this.collection = collection;
        this.retentionSeconds = retentionSeconds;
        this.versionIndex = versionIndex;
    }

    /** Ensures the indexes on first use in this container; a connectivity error is thrown and retried next time. */
    void ensureOnce() {
        if (ensured) {
            return;
        }
        synchronized (this) {
            if (!ensured) {
                ensure();
                ensured = true;
            }
        }
    }

    private void ensure() {
        List<Document> existing = collection.listIndexes().into(new ArrayList<>());
        List<IndexModel> missing = new ArrayList<>();
        addIfMissing(existing, missing, Indexes.ascending("callId"), new IndexOptions().unique(true));
        addIfMissing(existing, missing, Indexes.compoundIndex(Indexes.ascending("campaignId"),
                Indexes.descending("startTime")), new IndexOptions());
        addIfMissing(existing, missing, Indexes.ascending("startTime"), new IndexOptions());
        if (versionIndex) {
            addIfMissing(existing, missing, Indexes.compoundIndex(Indexes.ascending("_id"), Indexes.ascending("version")),
                    new IndexOptions().unique(true));
        }
        Document ttl = find(existing, TTL_KEY);
        if (ttl == null) {
            missing.add(new IndexModel(Indexes.ascending("createdAt"),
                    new IndexOptions().expireAfter(retentionSeconds, TimeUnit.SECONDS)));
        }
        try {
            if (!missing.isEmpty()) {
                collection.createIndexes(missing);
            }
            if (ttl != null && !sameExpiry(ttl)) {
                Document collMod = new Document("collMod", collection.getNamespace().getCollectionName())
                        .append("index", new Document("keyPattern", TTL_KEY)
                                .append("expireAfterSeconds", retentionSeconds));
                database.runCommand(collMod);
                LOG.info("TTL index on createdAt changed", entry("expireAfterSeconds", retentionSeconds));
            }
        } catch (MongoCommandException e) {
            // An index that exists with other options is an operator's decision: keep writing CDRs.
            LOG.warn("could not create or change the call_records indexes: " + e.getErrorMessage(),
                    entry("errorCode", e.getErrorCode()));
        }
    }

    private boolean sameExpiry(Document index) {
        Object value = index.get("expireAfterSeconds");
        return value instanceof Number number && number.longValue() == retentionSeconds;
    }

    private static void addIfMissing(List<Document> existing, List<IndexModel> missing, Bson keys, IndexOptions options) {
        Document key = Document.parse(keys.toBsonDocument().toJson());
        if (find(existing, key) == null) {
            missing.add(new IndexModel(keys, options));
        }
    }

    private static Document find(List<Document> indexes, Document key) {
        for (Document index : indexes) {
            Document indexKey = index.get("key", Document.class);
            if (indexKey != null && sameKey(indexKey, key)) {
                return index;
            }
        }
        return null;
    }

    private static boolean sameKey(Document a, Document b) {
        if (a.size() != b.size()) {
            return false;
        }
        var left = new ArrayList<>(a.entrySet());
        var right = new ArrayList<>(b.entrySet());
        for (int i = 0; i < left.size(); i++) {
            if (!left.get(i).getKey().equals(right.get(i).getKey())
                    || ((Number) left.get(i).getValue()).intValue() != ((Number) right.get(i).getValue()).intValue()) {
                return false;
            }
        }
        return true;
    }

}
