package io.cdrplatform.logger.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.cdrplatform.core.ingest.CallRecordStore;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.LoadedCalls;
import io.cdrplatform.core.ingest.StoredCall;
import io.cdrplatform.core.ingest.WriteStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * {@code call_records} in MongoDB. A batch costs one {@code find} ({@code _id $in}) and one
 * unordered bulk write. Each write is an upsert guarded by the version read: it matches only the
 * record as it was read, so a concurrent writer's newer record makes the upsert collide with the
 * existing {@code _id} (duplicate key), which is reported as a conflict for the caller to re-read
 * and merge. Indexes are ensured once per instance, on first use.
 */
public final class MongoCallRecordStore implements CallRecordStore {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> collection;
    private final CallRecordIndexes indexes;
    private final Clock clock;

    public MongoCallRecordStore(MongoDatabase database, long retentionSeconds, Clock clock) {
        this(database, retentionSeconds, false, clock);
    }

    /**
     * @param versionIndex also keep a unique {@code {_id: 1, version: 1}} index, for MongoDB-compatible
     *                     stores that use an index only when a query names exactly its fields
     *                     (mongo-java-server); real MongoDB serves the guarded upsert from {@code _id}
     */
    public MongoCallRecordStore(MongoDatabase database, long retentionSeconds, boolean versionIndex, Clock clock) {
        this.collection = database.getCollection(CallRecordDocuments.COLLECTION);
        this.indexes = new CallRecordIndexes(database, collection, retentionSeconds, versionIndex);
        this.clock = clock;
    }

    /** A client with the given server-selection and connect timeout, so a Lambda never hangs on a lost cluster. */
    public static MongoClient client(String uri, Duration timeout) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS))
                .applicationName("cdr-logger")
                .build());
    }

    /** Creates the contract's indexes now if this instance has not yet. */
    public void ensureIndexes() {
        indexes.ensureOnce();
    }

    @Override
    public LoadedCalls load(Collection<String> callIds) {
        indexes.ensureOnce();
        Map<String, StoredCall> calls = new HashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        if (callIds.isEmpty()) {
            return new LoadedCalls(calls, unreadable);
        }
        for (Document document : collection.find(Filters.in("_id", callIds))
                .projection(Projections.include("version", "fold"))
                .batchSize(Math.max(2, callIds.size()))) {
            String callId = String.valueOf(document.get("_id"));
            StoredCallRecords.Decoded decoded = StoredCallRecords.decode(callId, document);
            if (decoded.error() == null) {
                calls.put(callId, decoded.call());
            } else {
                unreadable.put(callId, decoded.error());
            }
        }
        return new LoadedCalls(calls, unreadable);
    }

    @Override
    public Map<String, WriteStatus> write(List<CallWrite> writes) {
        Map<String, WriteStatus> statuses = new LinkedHashMap<>();
        if (writes.isEmpty()) {
            return statuses;
        }
        indexes.ensureOnce();
        Instant now = clock.instant();
        List<UpdateOneModel<Document>> models = new ArrayList<>(writes.size());
        for (CallWrite write : writes) {
            models.add(new UpdateOneModel<>(
                    new Document("_id", write.callId()).append("version", write.expectedVersion()),
                    new Document("$set", CallRecordDocuments.fieldsOf(write, now))
                            .append("$setOnInsert", new Document("createdAt", CallRecordDocuments.date(now))),
                    new UpdateOptions().upsert(true)));
            statuses.put(write.callId(), WriteStatus.WRITTEN);
        }
        try {
            collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // Not known to be durable: report every write as failed so the events come again.
                writes.forEach(write -> statuses.put(write.callId(), WriteStatus.FAILED));
                return statuses;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                String callId = writes.get(error.getIndex()).callId();
                boolean conflict = error.getCode() == DUPLICATE_KEY
                        || ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY;
                statuses.put(callId, conflict ? WriteStatus.CONFLICT : WriteStatus.FAILED);
            }
        }
        return statuses;
    }
}
