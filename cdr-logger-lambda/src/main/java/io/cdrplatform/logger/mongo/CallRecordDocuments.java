package io.cdrplatform.logger.mongo;

import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.TriggeredAction;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.store.stats.StatsBucketCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The {@code call_records} document agreed with the query API: the CDR's view fields (BSON dates,
 * Decimal128 cost, Int64 duration), {@code version}, the {@code fold} sub-document and
 * {@code statsBuckets}.
 */
public final class CallRecordDocuments {

    public static final String COLLECTION = CallRecordCollection.NAME;
    /** The ids of the stats buckets the call has counted in ({@code <campaignId>|<start>}); the logger's own field. */
    public static final String STATS_BUCKETS = "statsBuckets";

    private CallRecordDocuments() {
    }

    /** The {@code $set} part of a write: everything but {@code _id} and {@code createdAt}. */
    public static Document fieldsOf(CallWrite write, Instant now) {
        Cdr cdr = write.cdr();
        Document fields = new Document("callId", cdr.callId())
                .append("campaignId", cdr.campaignId())
                .append("contactId", cdr.contactId())
                .append("phoneNumber", cdr.phoneNumber())
                .append("source", cdr.source())
                .append("status", cdr.status().wireName())
                .append("outcome", cdr.outcome() == null ? null : cdr.outcome().wireName())
                .append("answered", cdr.reachedAnswered())
                .append("startTime", date(cdr.startTime()))
                .append("answeredAt", date(cdr.answeredAt()))
                .append("endTime", date(cdr.endTime()))
                .append("duration", cdr.durationSeconds())
                .append("cost", cdr.cost() == null ? null : new Decimal128(cdr.cost()))
                .append("dtmfInputs", cdr.dtmfInputs());
        List<Document> actions = new ArrayList<>(cdr.actionsTriggered().size());
        for (TriggeredAction action : cdr.actionsTriggered()) {
            actions.add(new Document("type", action.type())
                    .append("parameters", BsonValues.toBsonDocument(action.parameters()))
                    .append("timestamp", date(action.at())));
        }
        return fields.append("actionsTriggered", actions)
                .append("metadata", BsonValues.toBsonDocument(cdr.metadata()))
                .append("lastEventAt", date(cdr.lastEventAt()))
                .append("updatedAt", date(now))
                .append("version", write.newVersion())
                .append("fold", FoldDocuments.toDocument(write.state()))
                .append(STATS_BUCKETS, write.statsBuckets().stream().map(StatsBucketCodec::idOf).sorted().toList());
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
