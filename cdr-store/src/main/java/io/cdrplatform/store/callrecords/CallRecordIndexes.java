package io.cdrplatform.store.callrecords;

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

import static io.cdrplatform.store.callrecords.CallRecordFields.CALL_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.CAMPAIGN_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.CREATED_AT;
import static io.cdrplatform.store.callrecords.CallRecordFields.ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.START_TIME;
import static io.cdrplatform.store.callrecords.CallRecordFields.VERSION;

/**
 * Every index of {@code call_records} (CONTRACT section 2) and who needs it, created when missing
 * by the writer (the cdr-logger's {@code MongoCallRecordStore}, on first use in a container) and by
 * cdr-local's {@code copy-store} on its target:
 * <ul>
 *   <li>{@link #CALL_ID_UNIQUE} {@code {callId: 1}} unique: the query API's {@code GET /calls/{callId}}
 *       ({@code CdrRepository.findByCallId}), and a second guard against two records of one call;</li>
 *   <li>{@link #CAMPAIGN_START_TIME} {@code {campaignId: 1, startTime: -1}}: the query API's CDR
 *       lists, CSV exports ({@code CdrRepository.page / stream}: equality on campaignId, range and
 *       sort on startTime) and campaign stats ({@code StatsRepository}'s {@code $match}), and
 *       {@code rebuild-counters --campaign};</li>
 *   <li>{@link #START_TIME_ONLY} {@code {startTime: 1}}: reports across campaigns by time (contract);</li>
 *   <li>{@link #CREATED_AT_TTL} {@code {createdAt: 1}} with {@code expireAfterSeconds} from
 *       {@code CDR_RETENTION_DAYS}: MongoDB's TTL monitor (changed in place with {@code collMod}
 *       when the retention changed);</li>
 *   <li>{@link #ID_VERSION} {@code {_id: 1, version: 1}} unique, only with {@code versionIndex}: the
 *       logger's version-guarded upsert on mongo-java-server (cdr-local's embedded store), whose
 *       planner uses an index only when a query names exactly its fields; real MongoDB serves the
 *       guard from {@code _id}.</li>
 * </ul>
 * The read of a batch's calls ({@code _id $in}) uses the {@code _id} index MongoDB always has.
 */
public final class CallRecordIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecordIndexes.class);

    public static final Bson CALL_ID_UNIQUE = Indexes.ascending(CALL_ID);
    public static final Bson CAMPAIGN_START_TIME = Indexes.compoundIndex(Indexes.ascending(CAMPAIGN_ID),
            Indexes.descending(START_TIME));
    public static final Bson START_TIME_ONLY = Indexes.ascending(START_TIME);
    public static final Bson CREATED_AT_TTL = Indexes.ascending(CREATED_AT);
    public static final Bson ID_VERSION = Indexes.compoundIndex(Indexes.ascending(ID), Indexes.ascending(VERSION));
    private static final Document TTL_KEY = new Document(CREATED_AT, 1);

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    private final long retentionSeconds;
    private final boolean versionIndex;
    private volatile boolean ensured;

    /**
     * @param retentionSeconds the TTL index's {@code expireAfterSeconds}
     * @param versionIndex     also keep {@link #ID_VERSION} (for mongo-java-server)
     */
    public CallRecordIndexes(MongoDatabase database, long retentionSeconds, boolean versionIndex) {
        this.database = database;
        this.collection = CallRecordCollection.in(database);
        this.retentionSeconds = retentionSeconds;
        this.versionIndex = versionIndex;
    }

    /** Ensures the indexes on first use in this container; a connectivity error is thrown and retried next time. */
    public void ensureOnce() {
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
        addIfMissing(existing, missing, CALL_ID_UNIQUE, new IndexOptions().unique(true));
        addIfMissing(existing, missing, CAMPAIGN_START_TIME, new IndexOptions());
        addIfMissing(existing, missing, START_TIME_ONLY, new IndexOptions());
        if (versionIndex) {
            addIfMissing(existing, missing, ID_VERSION, new IndexOptions().unique(true));
        }
        Document ttl = find(existing, TTL_KEY);
        if (ttl == null) {
            missing.add(new IndexModel(CREATED_AT_TTL,
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
                LOG.atInfo().addKeyValue("expireAfterSeconds", retentionSeconds).log("TTL index on createdAt changed");
            }
        } catch (MongoCommandException e) {
            // An index that exists with other options is an operator's decision: keep writing CDRs.
            LOG.atWarn().addKeyValue("errorCode", e.getErrorCode())
                    .log("could not create or change the call_records indexes: " + e.getErrorMessage());
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
