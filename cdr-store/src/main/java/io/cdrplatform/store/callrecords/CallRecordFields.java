package io.cdrplatform.store.callrecords;

import java.util.List;

/**
 * The field names of a {@code call_records} document (CONTRACT section 2 and the logger's own
 * fields). Writer ({@link CallRecordCodec#setFields}), readers ({@link CallRecordCodec#toView},
 * the query API's filters and aggregations) and the indexes ({@link CallRecordIndexes}) name a field
 * only through this class, so a rename here is a rename everywhere (and a rename of a contract
 * field is a contract change: the round-trip and contract tests say so).
 */
public final class CallRecordFields {

    /** The document id: the callId. */
    public static final String ID = "_id";
    public static final String CALL_ID = "callId";
    public static final String CAMPAIGN_ID = "campaignId";
    public static final String CONTACT_ID = "contactId";
    public static final String PHONE_NUMBER = "phoneNumber";
    public static final String SOURCE = "source";
    /** {@code dialing} -> {@code answered} -> {@code completed}. */
    public static final String STATUS = "status";
    public static final String OUTCOME = "outcome";
    /** Whether the call reached status answered (a boolean the stats aggregation counts). */
    public static final String ANSWERED = "answered";
    public static final String START_TIME = "startTime";
    public static final String ANSWERED_AT = "answeredAt";
    public static final String END_TIME = "endTime";
    /** Whole seconds, Int64. */
    public static final String DURATION = "duration";
    /** Decimal128: the billable seconds priced with the rate named below, 6 decimals. */
    public static final String COST = "cost";
    /** Whole seconds billed (the answered time), Int64; null while the call goes on (the billing issue). */
    public static final String BILLABLE_SECONDS = "billableSeconds";
    /** The destination prefix of the {@code rates} entry the call was priced with; null for none. */
    public static final String RATE_PREFIX = "ratePrefix";
    /** The name of that rate, {@code default} (COST_PER_MINUTE) or {@code internal} (an unpriced extension). */
    public static final String RATE_NAME = "rateName";
    public static final String DTMF_INPUTS = "dtmfInputs";
    public static final String ACTIONS_TRIGGERED = "actionsTriggered";
    public static final String METADATA = "metadata";
    public static final String LAST_EVENT_AT = "lastEventAt";
    /** Set on insert only; the TTL index counts from it. */
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    /** The logger's optimistic-concurrency version of the record. */
    public static final String VERSION = "version";
    /** The logger's fold sub-document (everything needed to merge the next events). */
    public static final String FOLD = "fold";
    /**
     * The logger's list of the stats buckets the call has counted in so far (their ids,
     * {@code <campaignId>|<bucket start>}), written with the state (issue 16).
     */
    public static final String STATS_BUCKETS = "statsBuckets";

    /** Fields of one {@link #ACTIONS_TRIGGERED} entry. */
    public static final String ACTION_TYPE = "type";
    public static final String ACTION_PARAMETERS = "parameters";
    public static final String ACTION_TIMESTAMP = "timestamp";

    /** Fields the API never shows; left out by the view projection. */
    public static final List<String> HIDDEN = List.of(ID, VERSION, FOLD, STATS_BUCKETS);

    /** Every top-level field a document can hold. */
    public static final List<String> ALL = List.of(ID, CALL_ID, CAMPAIGN_ID, CONTACT_ID, PHONE_NUMBER, SOURCE, STATUS,
            OUTCOME, ANSWERED, START_TIME, ANSWERED_AT, END_TIME, DURATION, COST, BILLABLE_SECONDS, RATE_PREFIX, RATE_NAME,
            DTMF_INPUTS, ACTIONS_TRIGGERED, METADATA,
            LAST_EVENT_AT, CREATED_AT, UPDATED_AT, VERSION, FOLD, STATS_BUCKETS);

    private CallRecordFields() {
    }

    /** The aggregation expression reading {@code field} ({@code "$field"}). */
    public static String path(String field) {
        return "$" + field;
    }
}
