package io.cdrplatform.logger.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.cdrplatform.core.ingest.CallRecordScan;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.callrecords.CallRecordFields;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@link CallRecordScan} on MongoDB: one {@code find} over {@code call_records} (all, or one
 * campaign's), reading only {@code version}, {@code fold} and {@code updatedAt}, fetched
 * {@link #BATCH} documents at a time.
 */
public final class MongoCallRecordScan implements CallRecordScan {

    static final int BATCH = 1000;

    private final MongoCollection<Document> records;

    public MongoCallRecordScan(MongoDatabase database) {
        this.records = CallRecordCollection.in(database);
    }

    @Override
    public long approximateCount(String campaignId) {
        return campaignId == null ? records.estimatedDocumentCount() : records.countDocuments(filter(campaignId));
    }

    @Override
    public Set<String> campaignIds() {
        Set<String> ids = new TreeSet<>();
        for (String id : records.distinct(CallRecordFields.CAMPAIGN_ID, String.class)) {
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public void forEach(String campaignId, Consumer<ScannedCall> action) {
        for (Document document : records.find(filter(campaignId))
                .projection(Projections.fields(CallRecordCodec.STORED_PROJECTION,
                        Projections.include(CallRecordFields.UPDATED_AT)))
                .batchSize(BATCH)) {
            String callId = CallRecordCodec.idOf(document);
            Instant lastWrite = CallRecordCodec.instant(document.get(CallRecordFields.UPDATED_AT));
            CallRecordCodec.Decoded decoded = CallRecordCodec.decodeStored(callId, document);
            action.accept(decoded.error() != null
                    ? ScannedCall.unreadable(callId, decoded.error(), lastWrite)
                    : ScannedCall.read(callId, decoded.call(), lastWrite));
        }
    }

    private static Bson filter(String campaignId) {
        return campaignId == null ? new Document() : Filters.eq(CallRecordFields.CAMPAIGN_ID, campaignId);
    }
}
