package io.cdrplatform.logger.mongo;

import static io.cdrplatform.store.stats.StatsBucketFields.CALLS;
import static io.cdrplatform.store.stats.StatsBucketFields.CAMPAIGN_ID;
import static io.cdrplatform.store.stats.StatsBucketFields.ID;
import static io.cdrplatform.store.stats.StatsBucketFields.REVISION;
import static io.cdrplatform.store.stats.StatsBucketFields.START;
import static io.cdrplatform.store.stats.StatsBucketFields.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.cdrplatform.core.stats.bucket.BucketChange;
import io.cdrplatform.core.stats.bucket.EntryChange;
import io.cdrplatform.core.stats.bucket.HeldContribution;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import io.cdrplatform.core.stats.bucket.StatsBucketStore;
import io.cdrplatform.store.stats.StatsBucketCodec;
import io.cdrplatform.store.stats.StatsBucketCollections;
import io.cdrplatform.store.stats.StatsBucketFields;
import io.cdrplatform.store.stats.StatsBucketIndexes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * The stats buckets in MongoDB ({@link StatsBucketFields}). A batch costs four round trips, each
 * one request for all its buckets: read the entries of its calls ({@code find} by {@code _id $in},
 * projecting only those calls' entries), write one guarded update per bucket (an unordered bulk
 * write), read the changed buckets' totals, and publish them (an unordered bulk write of upserts
 * guarded by revision).
 *
 * <p>A bucket's update is filtered by its {@code _id} and, per call it changes, the entry read
 * ({@code calls.<id>}: one string, see {@link StatsBucketCodec#entryText}) or the entry's absence; it {@code $set}s the entries, {@code $inc}s the
 * totals by the difference and the revision by one. An update that only adds entries is an upsert
 * (the bucket may not exist yet): if the bucket exists and one of those entries appeared meanwhile,
 * the upsert collides with the existing {@code _id} (duplicate key) and is reported not applied.
 * Other updates do not upsert; if fewer matched than were sent, every bucket of the write is
 * reported possibly not applied and the upkeep reads them again (an applied change reads as done).
 * Publishing copies the totals with their revision into the published document unless it holds the
 * same or a newer revision (the upsert then collides: nothing to do).
 */
public final class MongoStatsBucketStore implements StatsBucketStore {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoDatabase database;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> published;
    private final long retentionSeconds;
    private final Clock clock;
    private volatile boolean indexesEnsured;

    public MongoStatsBucketStore(MongoDatabase database, long retentionSeconds, Clock clock) {
        this.database = database;
        this.entries = StatsBucketCollections.entries(database);
        this.published = StatsBucketCollections.published(database);
        this.retentionSeconds = retentionSeconds;
        this.clock = clock;
    }

    private void ensureIndexesOnce() {
        if (!indexesEnsured) {
            synchronized (this) {
                if (!indexesEnsured) {
                    StatsBucketIndexes.ensure(database, retentionSeconds);
                    indexesEnsured = true;
                }
            }
        }
    }

    @Override
    public Map<StatsBucketKey, Map<String, HeldContribution>> read(Map<StatsBucketKey, Set<String>> calls) {
        ensureIndexesOnce();
        Map<StatsBucketKey, Map<String, HeldContribution>> held = new HashMap<>();
        if (calls.isEmpty()) {
            return held;
        }
        List<String> ids = new ArrayList<>(calls.size());
        Set<String> fields = new TreeSet<>();
        calls.forEach((key, callIds) -> {
            ids.add(StatsBucketCodec.idOf(key));
            callIds.forEach(callId -> fields.add(StatsBucketCodec.callPath(callId)));
        });
        fields.add(REVISION);
        for (Document bucket : entries.find(Filters.in(ID, ids)).projection(Projections.include(List.copyOf(fields)))) {
            StatsBucketKey key = StatsBucketCodec.keyOf(bucket.getString(ID));
            Set<String> wanted = calls.get(key);
            Document callEntries = bucket.get(CALLS, Document.class);
            if (wanted == null || callEntries == null) {
                continue;
            }
            Map<String, HeldContribution> found = new HashMap<>();
            for (String callId : wanted) {
                Object entry = callEntries.get(StatsBucketCodec.callField(callId));
                if (entry != null) {
                    found.put(callId, StatsBucketCodec.entryOf(entry.toString()));
                }
            }
            held.put(key, found);
        }
        return held;
    }

    @Override
    public Set<StatsBucketKey> write(List<BucketChange> changes) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        ensureIndexesOnce();
        Date now = Date.from(clock.instant());
        List<WriteModel<Document>> updates = new ArrayList<>(changes.size());
        for (BucketChange change : changes) {
            Document filter = new Document(ID, StatsBucketCodec.idOf(change.bucket()));
            Document set = new Document(UPDATED_AT, now);
            for (EntryChange entry : change.entries()) {
                String path = StatsBucketCodec.callPath(entry.callId());
                filter.append(path, entry.expected() == null ? new Document("$exists", false)
                        : StatsBucketCodec.entryText(entry.expected()));
                set.append(path, StatsBucketCodec.entryText(entry.next()));
            }
            Document inc = StatsBucketCodec.incDocument(change.delta()).append(REVISION, 1L);
            Document update = new Document("$set", set).append("$inc", inc)
                    .append("$setOnInsert", new Document(CAMPAIGN_ID, change.bucket().campaignId())
                            .append(START, Date.from(change.bucket().start())));
            updates.add(new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(change.createsIfMissing())));
        }
        Set<StatsBucketKey> notApplied = new LinkedHashSet<>();
        BulkWriteResult result;
        try {
            result = entries.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                notApplied.add(changes.get(error.getIndex()).bucket());
            }
            result = e.getWriteResult();
        }
        int applied = result.getMatchedCount() + result.getUpserts().size();
        if (applied < changes.size() - notApplied.size()) {
            // some guard did not hold, which one the answer does not say: read them all again
            changes.forEach(change -> notApplied.add(change.bucket()));
        }
        return notApplied;
    }

    @Override
    public void settle(Set<StatsBucketKey> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        List<String> ids = buckets.stream().map(StatsBucketCodec::idOf).toList();
        List<WriteModel<Document>> copies = new ArrayList<>(ids.size());
        for (Document bucket : entries.find(Filters.in(ID, ids)).projection(Projections.exclude(CALLS))) {
            long revision = ((Number) bucket.get(REVISION)).longValue();
            Document set = StatsBucketCodec.totalsDocument(StatsBucketCodec.totalsOf(bucket))
                    .append(CAMPAIGN_ID, bucket.get(CAMPAIGN_ID))
                    .append(START, bucket.get(START))
                    .append(REVISION, revision)
                    .append(UPDATED_AT, bucket.get(UPDATED_AT));
            copies.add(new UpdateOneModel<>(
                    Filters.and(Filters.eq(ID, bucket.get(ID)), Filters.lt(REVISION, revision)),
                    new Document("$set", set), new UpdateOptions().upsert(true)));
        }
        if (copies.isEmpty()) {
            return;
        }
        try {
            published.bulkWrite(copies, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                // the published copy is already at this revision or a newer one
            }
        }
    }
}
