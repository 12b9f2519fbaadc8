package io.cdrplatform.store.callrecords;

import static io.cdrplatform.store.callrecords.CallRecordFields.ACTIONS_TRIGGERED;
import static io.cdrplatform.store.callrecords.CallRecordFields.ACTION_PARAMETERS;
import static io.cdrplatform.store.callrecords.CallRecordFields.ACTION_TIMESTAMP;
import static io.cdrplatform.store.callrecords.CallRecordFields.ACTION_TYPE;
import static io.cdrplatform.store.callrecords.CallRecordFields.ANSWERED;
import static io.cdrplatform.store.callrecords.CallRecordFields.ANSWERED_AT;
import static io.cdrplatform.store.callrecords.CallRecordFields.BILLABLE_SECONDS;
import static io.cdrplatform.store.callrecords.CallRecordFields.CALL_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.CAMPAIGN_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.CONTACT_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.COST;
import static io.cdrplatform.store.callrecords.CallRecordFields.CREATED_AT;
import static io.cdrplatform.store.callrecords.CallRecordFields.DTMF_INPUTS;
import static io.cdrplatform.store.callrecords.CallRecordFields.DURATION;
import static io.cdrplatform.store.callrecords.CallRecordFields.END_TIME;
import static io.cdrplatform.store.callrecords.CallRecordFields.FOLD;
import static io.cdrplatform.store.callrecords.CallRecordFields.LAST_EVENT_AT;
import static io.cdrplatform.store.callrecords.CallRecordFields.METADATA;
import static io.cdrplatform.store.callrecords.CallRecordFields.OUTCOME;
import static io.cdrplatform.store.callrecords.CallRecordFields.PHONE_NUMBER;
import static io.cdrplatform.store.callrecords.CallRecordFields.RATE_NAME;
import static io.cdrplatform.store.callrecords.CallRecordFields.RATE_PREFIX;
import static io.cdrplatform.store.callrecords.CallRecordFields.SOURCE;
import static io.cdrplatform.store.callrecords.CallRecordFields.START_TIME;
import static io.cdrplatform.store.callrecords.CallRecordFields.STATUS;
import static io.cdrplatform.store.callrecords.CallRecordFields.STATS_BUCKETS;
import static io.cdrplatform.store.callrecords.CallRecordFields.UPDATED_AT;
import static io.cdrplatform.store.callrecords.CallRecordFields.VERSION;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.TriggeredAction;
import io.cdrplatform.core.cost.Rating;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.StoredCall;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import io.cdrplatform.store.stats.StatsBucketCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * The one BSON codec of a {@code call_records} document, used by its writer (the cdr-logger's
 * {@code MongoCallRecordStore}) and its readers (the query API's {@code CdrRepository}, the
 * {@code rebuild-counters} command): the CDR's view fields (BSON dates, Decimal128 cost, Int64
 * duration), {@code version} and the {@code fold} sub-document ({@link FoldDocuments}).
 */
public final class CallRecordCodec {

    /** What the API shows: everything but {@link CallRecordFields#HIDDEN}. */
    public static final Bson VIEW_PROJECTION = Projections.exclude(CallRecordFields.HIDDEN);
    /** What {@link #decodeStored} needs. */
    public static final Bson STORED_PROJECTION = Projections.include(VERSION, FOLD, STATS_BUCKETS, COST,
            BILLABLE_SECONDS, RATE_PREFIX, RATE_NAME);

    private CallRecordCodec() {
    }

    // ---- writing (the cdr-logger) ----

    /** The {@code $set} part of a write: everything but {@code _id} and {@code createdAt}. */
    public static Document setFields(CallWrite write, Instant now) {
        Cdr cdr = write.cdr();
        Document fields = new Document(CALL_ID, cdr.callId())
                .append(CAMPAIGN_ID, cdr.campaignId())
                .append(CONTACT_ID, cdr.contactId())
                .append(PHONE_NUMBER, cdr.phoneNumber())
                .append(SOURCE, cdr.source())
                .append(STATUS, cdr.status().wireName())
                .append(OUTCOME, cdr.outcome() == null ? null : cdr.outcome().wireName())
                .append(ANSWERED, cdr.reachedAnswered())
                .append(START_TIME, date(cdr.startTime()))
                .append(ANSWERED_AT, date(cdr.answeredAt()))
                .append(END_TIME, date(cdr.endTime()))
                .append(DURATION, cdr.durationSeconds())
                .append(COST, cdr.cost() == null ? null : new Decimal128(cdr.cost()))
                .append(BILLABLE_SECONDS, cdr.billableSeconds())
                .append(RATE_PREFIX, cdr.ratePrefix())
                .append(RATE_NAME, cdr.rateName())
                .append(DTMF_INPUTS, cdr.dtmfInputs());
        List<Document> actions = new ArrayList<>(cdr.actionsTriggered().size());
        for (TriggeredAction action : cdr.actionsTriggered()) {
            actions.add(new Document(ACTION_TYPE, action.type())
                    .append(ACTION_PARAMETERS, BsonValues.toBsonDocument(action.parameters()))
                    .append(ACTION_TIMESTAMP, date(action.at())));
        }
        return fields.append(ACTIONS_TRIGGERED, actions)
                .append(METADATA, BsonValues.toBsonDocument(cdr.metadata()))
                .append(LAST_EVENT_AT, date(cdr.lastEventAt()))
                .append(UPDATED_AT, date(now))
                .append(VERSION, write.newVersion())
                .append(FOLD, FoldDocuments.toDocument(write.state()))
                .append(STATS_BUCKETS, write.statsBuckets().stream().map(StatsBucketCodec::idOf).sorted().toList());
    }

    /** The {@code $setOnInsert} part of a write: {@code createdAt}. */
    public static Document setOnInsertFields(Instant now) {
        return new Document(CREATED_AT, date(now));
    }

    /** The whole document as a first write inserts it ({@code _id}, {@link #setFields}, {@code createdAt}). */
    public static Document newDocument(CallWrite write, Instant now) {
        Document document = new Document(CallRecordFields.ID, write.callId());
        document.putAll(setFields(write, now));
        document.putAll(setOnInsertFields(now));
        return document;
    }

    /** The filter of a write guarded by the version read: the record as it was read, or none yet. */
    public static Document versionGuard(String callId, long expectedVersion) {
        return new Document(CallRecordFields.ID, callId).append(VERSION, expectedVersion);
    }

    /** The filter of a read of these calls by id. */
    public static Bson byIds(List<String> callIds) {
        return Filters.in(CallRecordFields.ID, callIds);
    }

    // ---- reading the logger's state (the cdr-logger, rebuild-counters) ----

    /** Either the call, or why the document cannot be read back. */
    public record Decoded(StoredCall call, String error) {
    }

    /** The call and version of a document read with at least {@link #STORED_PROJECTION}. */
    public static Decoded decodeStored(String callId, Document document) {
        try {
            CallState state = FoldDocuments.fromDocument(callId, document.get(FOLD, Document.class));
            Object version = document.get(VERSION);
            if (!(version instanceof Number number) || number.longValue() < 1) {
                return new Decoded(null, "the record has no version");
            }
            Set<StatsBucketKey> statsBuckets = new TreeSet<>();
            if (document.get(STATS_BUCKETS) instanceof List<?> ids) {
                for (Object id : ids) {
                    statsBuckets.add(StatsBucketCodec.keyOf(String.valueOf(id)));
                }
            }
            return new Decoded(new StoredCall(state, number.longValue(), statsBuckets, ratingOf(document)), null);
        } catch (IllegalArgumentException | ClassCastException e) {
            return new Decoded(null, e.getMessage());
        }
    }

    /**
     * How a record read with at least {@link #STORED_PROJECTION} is priced: its {@code cost},
     * {@code billableSeconds}, {@code ratePrefix} and {@code rateName}; null while the call goes on, or
     * for a record written before calls were rated (no {@code billableSeconds}).
     */
    public static Rating ratingOf(Document document) {
        BigDecimal cost = decimal(document.get(COST));
        if (cost == null || !(document.get(BILLABLE_SECONDS) instanceof Number billable) || billable.longValue() < 0
                || !(document.get(RATE_NAME) instanceof String rateName)) {
            return null;
        }
        return new Rating(billable.longValue(), cost, string(document.get(RATE_PREFIX)), rateName);
    }

    /** The document's id (its callId) as text. */
    public static String idOf(Document document) {
        return String.valueOf(document.get(CallRecordFields.ID));
    }

    // ---- reading the view (the query API) ----

    /** The view fields of a document; optional fields are null (lists and maps empty) when it has none. */
    public static CdrView toView(Document document) {
        return new CdrView(
                document.getString(CALL_ID),
                document.getString(CAMPAIGN_ID),
                string(document.get(CONTACT_ID)),
                string(document.get(PHONE_NUMBER)),
                string(document.get(SOURCE)),
                string(document.get(STATUS)),
                string(document.get(OUTCOME)),
                document.get(ANSWERED) instanceof Boolean answered ? answered : null,
                instant(document.get(START_TIME)),
                instant(document.get(ANSWERED_AT)),
                instant(document.get(END_TIME)),
                document.get(DURATION) instanceof Number duration ? duration.longValue() : null,
                decimal(document.get(COST)),
                document.get(BILLABLE_SECONDS) instanceof Number billable ? billable.longValue() : null,
                string(document.get(RATE_PREFIX)),
                string(document.get(RATE_NAME)),
                digits(document.get(DTMF_INPUTS)),
                actions(document.get(ACTIONS_TRIGGERED)),
                object(document.get(METADATA)),
                instant(document.get(LAST_EVENT_AT)),
                instant(document.get(CREATED_AT)),
                instant(document.get(UPDATED_AT)));
    }

    /** A BSON date as an instant (null for anything else). */
    public static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }

    /** An instant as a BSON date (null stays null). */
    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /** A money value as stored (Decimal128), exactly; null when it is none. */
    public static BigDecimal decimal(Object value) {
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double number) {
            // never written by the logger (cost is Decimal128); read exactly as printed if someone did
            return new BigDecimal(number.toString());
        }
        return null;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> digits(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<String> digits = new ArrayList<>(list.size());
        for (Object digit : list) {
            digits.add(String.valueOf(digit));
        }
        return List.copyOf(digits);
    }

    private static List<CdrView.ActionView> actions(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<CdrView.ActionView> actions = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof Document action) {
                actions.add(new CdrView.ActionView(string(action.get(ACTION_TYPE)), object(action.get(ACTION_PARAMETERS)),
                        instant(action.get(ACTION_TIMESTAMP))));
            }
        }
        return List.copyOf(actions);
    }

    private static Map<String, Object> object(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, inner) -> copy.put(String.valueOf(key), inner));
        return copy;
    }
}
