package io.cdrplatform.store.stats;

import java.util.List;

/**
 * The collections and field names of the campaign stats buckets, one constant each. Their writers
 * (the cdr-logger, {@code rebuild-stats}) and readers (the query API, {@code rebuild-stats
 * --verify}) name them only through this class and {@link StatsBucketCodec}.
 *
 * <p>Two documents per 15-minute bucket of a campaign, with the same {@code _id}
 * ({@code <campaignId>|<bucket start, ISO-8601 UTC>}, e.g. {@code sales|2024-01-15T10:15:00Z}):
 * <ul>
 *   <li>in {@link #ENTRIES_COLLECTION}: per call the version and contribution the bucket holds
 *       ({@link #CALLS}), the totals of those contributions and a revision, changed together by
 *       one guarded update;</li>
 *   <li>in {@link #BUCKETS_COLLECTION}: the totals as published to {@code /stats} (a copy of the
 *       entries' totals at a revision, never replaced by an older one), small and cheap to read.</li>
 * </ul>
 * Totals have the names of the full scan's per-slice sums.
 */
public final class StatsBucketFields {

    /** The published totals, what {@code /stats} reads. */
    public static final String BUCKETS_COLLECTION = "campaign_stats_buckets";
    /** Per bucket, the per-call entries and their totals. */
    public static final String ENTRIES_COLLECTION = "campaign_stats_entries";
    /** Which campaigns' buckets are complete, and from which bucket start on. */
    public static final String COVERAGE_COLLECTION = "campaign_stats_coverage";

    public static final String ID = "_id";
    public static final String CAMPAIGN_ID = "campaignId";
    /** The bucket's start (BSON date, UTC quarter hour). */
    public static final String START = "start";
    /** Increases with every change of the entries; the published copy names the revision it copied. */
    public static final String REVISION = "revision";
    /** Last change; the TTL index expires a bucket CDR_RETENTION_DAYS after it. */
    public static final String UPDATED_AT = "updatedAt";
    /**
     * The entries: a sub-document, one field per call (its id with '.' written as '~'), each a
     * string ({@link StatsBucketCodec#entryText}).
     */
    public static final String CALLS = "calls";

    // totals (both collections)
    public static final String ATTEMPTS = "attempts";
    public static final String ANSWERED = "answered";
    public static final String CONVERTED = "converted";
    public static final String BUSY = "busy";
    public static final String FAILED = "failed";
    public static final String NO_ANSWER = "noAnswer";
    public static final String VOICEMAIL = "voicemail";
    public static final String OPTED_OUT = "optedOut";
    public static final String ACTIVE_CALLS = "activeCalls";
    public static final String TOTAL_DURATION = "totalDuration";
    public static final String ANSWERED_DURATION = "answeredDuration";
    public static final String ANSWERED_ENDED = "answeredEnded";
    /** Decimal128. */
    public static final String TOTAL_COST = "totalCost";
    /** The summed billable seconds (billing issue). */
    public static final String BILLABLE_SECONDS = "billableSeconds";
    /**
     * Per rate name (escaped by {@link StatsBucketCodec#rateKey}), a sub-document {@code {calls,
     * billableSeconds, cost}}; the full scan's slices carry the same as a list of {@code {name, calls,
     * billableSeconds, cost}}.
     */
    public static final String BY_RATE = "byRate";
    public static final String RATE_NAME = "name";
    public static final String RATE_CALLS = "calls";
    public static final String RATE_BILLABLE_SECONDS = "billableSeconds";
    /** Decimal128. */
    public static final String RATE_COST = "cost";

    public static final List<String> TOTALS = List.of(ATTEMPTS, ANSWERED, CONVERTED, BUSY, FAILED, NO_ANSWER,
            VOICEMAIL, OPTED_OUT, ACTIVE_CALLS, TOTAL_DURATION, ANSWERED_DURATION, ANSWERED_ENDED, TOTAL_COST,
            BILLABLE_SECONDS, BY_RATE);

    // coverage: {_id: campaignId or "*" (every campaign), from: date or null (every bucket)}
    public static final String COVERAGE_ALL = "*";
    public static final String COVERAGE_FROM = "from";

    private StatsBucketFields() {
    }
}
