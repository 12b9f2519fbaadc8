package io.cdrplatform.query.stats;

import static io.cdrplatform.store.callrecords.CallRecordFields.ANSWERED;
import static io.cdrplatform.store.callrecords.CallRecordFields.BILLABLE_SECONDS;
import static io.cdrplatform.store.callrecords.CallRecordFields.RATE_NAME;
import static io.cdrplatform.store.callrecords.CallRecordFields.CAMPAIGN_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.COST;
import static io.cdrplatform.store.callrecords.CallRecordFields.DURATION;
import static io.cdrplatform.store.callrecords.CallRecordFields.OUTCOME;
import static io.cdrplatform.store.callrecords.CallRecordFields.START_TIME;
import static io.cdrplatform.store.callrecords.CallRecordFields.STATUS;
import static io.cdrplatform.store.callrecords.CallRecordFields.path;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.core.stats.StatsBuckets;
import io.cdrplatform.core.stats.bucket.BucketedStats;
import io.cdrplatform.core.stats.bucket.StatsSlices;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.query.stores.MongoOutages;
import io.cdrplatform.store.stats.StatsBucketCodec;
import io.cdrplatform.store.stats.StatsBucketCollections;
import io.cdrplatform.store.stats.StatsBucketFields;
import io.cdrplatform.store.stats.StatsCoverage;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaign statistics from the 15-minute stats buckets the cdr-logger keeps: the published totals
 * of the whole buckets inside the range (one {@code find} by {@code _id} range: a campaign's
 * buckets sort together, by start), and for a range that starts or ends mid-bucket, the partial
 * edge buckets from their CDRs ({@link #pipeline}). Identical to the full scan of the range's CDRs
 * ({@link #scanned}), which answers instead - with a WARN line saying to run {@code rebuild-stats}
 * - for a campaign whose buckets are not built (CDRs stored before the buckets existed), and for
 * the part of a range before the start its buckets were rebuilt from.
 *
 * <p>The scan is one aggregation matching the campaign's CDRs in the range (served by the
 * {@code {campaignId: 1, startTime: -1}} index) and grouping them by 15-minute UTC slice of
 * {@code startTime}, summing every counter, duration and cost per slice, as a bucket does. Java
 * adds the slices up and maps each to its local hour, which is exact in any zone since every
 * offset in use is a multiple of 15 minutes. Operators used ($match, $group, $sum, $cond, $eq,
 * $ne, $and, $gte, $ifNull, $toLong, $mod, $subtract) are supported alike by MongoDB 4.0+ and
 * mongo-java-server.
 */
public final class StatsRepository {

    private static final Logger LOG = LoggerFactory.getLogger(StatsRepository.class);
    private static final long SLICE = StatsBuckets.WIDTH_MILLIS;
    /** Campaigns already warned about in this container (bounded: a warning is a hint, not a record). */
    private static final int MAX_WARNED = 10_000;

    private final MongoDatabase database;
    private final MongoCollection<Document> records;
    private final MongoCollection<Document> buckets;
    private final StatsSlices slices = new Slices();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public StatsRepository(MongoDatabase database) {
        this.database = database;
        this.records = CallRecordCollection.in(database);
        this.buckets = StatsBucketCollections.published(database);
    }

    /** The campaign's stats; a MongoDB outage is a {@link io.cdrplatform.query.failure.StoreUnavailableException}. */
    public CampaignStats stats(StatsRequest request) {
        return MongoOutages.read(() -> fromBuckets(request));
    }

    private CampaignStats fromBuckets(StatsRequest request) {
        StatsCoverage.Coverage coverage = StatsCoverage.of(database, request.campaignId());
        DateRange range = request.range();
        if (!coverage.built()) {
            if (warned.size() < MAX_WARNED && warned.add(request.campaignId())) {
                LOG.warn("stats of campaign " + request.campaignId() + " computed by a scan of its CDRs: its stats "
                        + "buckets are not built yet; run rebuild-stats (cdr-logger-lambda.jar rebuild-stats)");
            }
            return BucketedStats.scanned(slices, request.campaignId(), range.from(), range.until(), request.zone());
        }
        return BucketedStats.compute(slices, request.campaignId(), range.from(), range.until(), request.zone(),
                coverage.from());
    }

    /** The same answer by a full scan of the range's CDRs (a MongoDB outage as in {@link #stats}). */
    public CampaignStats scanned(StatsRequest request) {
        return MongoOutages.read(() -> BucketedStats.scanned(slices, request.campaignId(), request.range().from(),
                request.range().until(), request.zone()));
    }

    private final class Slices implements StatsSlices {
        @Override
        public void buckets(String campaignId, Instant from, Instant until, SliceSink sink) {
            List<String> fields = new ArrayList<>(StatsBucketFields.TOTALS);
            fields.add(StatsBucketFields.ID);
            for (Document bucket : buckets.find(Filters.and(
                            Filters.gte(StatsBucketFields.ID, StatsBucketCodec.lowestIdFrom(campaignId, from)),
                            Filters.lt(StatsBucketFields.ID, StatsBucketCodec.idBefore(campaignId, until))))
                    .projection(Projections.include(fields)).batchSize(10_000)) {
                sink.accept(StatsBucketCodec.keyOf(bucket.getString(StatsBucketFields.ID)).start(),
                        StatsBucketCodec.totalsOf(bucket));
            }
        }

        @Override
        public void scan(String campaignId, Instant from, Instant until, SliceSink sink) {
            for (Document slice : records.aggregate(pipeline(campaignId, new DateRange(from, until))).batchSize(10_000)) {
                if (slice.get("_id") instanceof Date sliceStart) {
                    sink.accept(sliceStart.toInstant(), StatsBucketCodec.totalsOf(slice));
                }
            }
        }
    }

    /** The full scan's aggregation pipeline: per 15-minute slice, the sums a bucket holds (public for the benchmark). */
    public static List<Document> pipeline(String campaignId, DateRange range) {
        Document match = new Document(CAMPAIGN_ID, campaignId);
        Document startTime = new Document();
        if (range.from() != null) {
            startTime.append("$gte", Date.from(range.from()));
        }
        if (range.until() != null) {
            startTime.append("$lt", Date.from(range.until()));
        }
        if (!startTime.isEmpty()) {
            match.append(START_TIME, startTime);
        }
        Document millis = new Document("$toLong", path(START_TIME));
        Document sliceStart = new Document("$subtract", List.of(path(START_TIME), new Document("$mod", List.of(millis, SLICE))));
        Document answered = new Document("$eq", List.of(path(ANSWERED), true));
        // ended = has a duration; a missing field and null both count as not ended
        Document ended = new Document("$gte", List.of(new Document("$ifNull", Arrays.asList(path(DURATION), -1L)), 0L));
        Document answeredEnded = new Document("$and", List.of(answered, ended));
        // first per slice and rate name (what the calls priced with each rate add up to), then per slice
        Document group = new Document("_id", new Document("s", sliceStart).append("r", path(RATE_NAME)))
                .append(StatsBucketFields.ATTEMPTS, new Document("$sum", 1))
                .append(StatsBucketFields.ANSWERED, countIf(answered))
                .append(StatsBucketFields.CONVERTED, countIf(outcome("converted")))
                .append(StatsBucketFields.BUSY, countIf(outcome("busy")))
                .append(StatsBucketFields.FAILED, countIf(outcome("failed")))
                .append(StatsBucketFields.NO_ANSWER, countIf(outcome("no_answer")))
                .append(StatsBucketFields.VOICEMAIL, countIf(outcome("voicemail")))
                .append(StatsBucketFields.OPTED_OUT, countIf(outcome("opted_out")))
                .append(StatsBucketFields.ACTIVE_CALLS, countIf(new Document("$ne", List.of(path(STATUS), "completed"))))
                .append(StatsBucketFields.TOTAL_DURATION, new Document("$sum", path(DURATION)))
                .append(StatsBucketFields.ANSWERED_DURATION,
                        new Document("$sum", new Document("$cond", List.of(answeredEnded, path(DURATION), 0L))))
                .append(StatsBucketFields.ANSWERED_ENDED, countIf(answeredEnded))
                .append(StatsBucketFields.TOTAL_COST, new Document("$sum", path(COST)))
                .append(StatsBucketFields.BILLABLE_SECONDS, new Document("$sum", path(BILLABLE_SECONDS)));
        Document slice = new Document("_id", "$_id.s");
        for (String field : StatsBucketFields.TOTALS) {
            if (!field.equals(StatsBucketFields.BY_RATE)) {
                slice.append(field, new Document("$sum", path(field)));
            }
        }
        slice.append(StatsBucketFields.BY_RATE, new Document("$push", new Document(StatsBucketFields.RATE_NAME, "$_id.r")
                .append(StatsBucketFields.RATE_CALLS, path(StatsBucketFields.ATTEMPTS))
                .append(StatsBucketFields.RATE_BILLABLE_SECONDS, path(StatsBucketFields.BILLABLE_SECONDS))
                .append(StatsBucketFields.RATE_COST, path(StatsBucketFields.TOTAL_COST))));
        return List.of(new Document("$match", match), new Document("$group", group), new Document("$group", slice));
    }

    private static Document outcome(String wireName) {
        return new Document("$eq", List.of(path(OUTCOME), wireName));
    }

    private static Document countIf(Document condition) {
        return new Document("$sum", new Document("$cond", List.of(condition, 1, 0)));
    }
}
