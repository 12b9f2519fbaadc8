package io.cdrplatform.logger.rebuild;

import static io.cdrplatform.store.stats.StatsBucketFields.CALLS;
import static io.cdrplatform.store.stats.StatsBucketFields.CAMPAIGN_ID;
import static io.cdrplatform.store.stats.StatsBucketFields.ID;
import static io.cdrplatform.store.stats.StatsBucketFields.REVISION;
import static io.cdrplatform.store.stats.StatsBucketFields.START;
import static io.cdrplatform.store.stats.StatsBucketFields.UPDATED_AT;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.StatsTotals;
import io.cdrplatform.core.stats.bucket.HeldContribution;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.callrecords.CallRecordFields;
import io.cdrplatform.store.stats.StatsBucketCodec;
import io.cdrplatform.store.stats.StatsBucketCollections;
import io.cdrplatform.store.stats.StatsBucketFields;
import io.cdrplatform.store.stats.StatsCoverage;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Recomputes the stats buckets from {@code call_records} ({@code rebuild-stats}), or only compares
 * them ({@code --verify}). Per campaign (one, or each in turn), the calls whose {@code startTime} is
 * at or after {@code from} (all when null) are read once, their stored view fields (what the full
 * scan reads: the cost as billed when the record was written, whatever the tariff now), and
 * grouped by bucket: each bucket's
 * entries become exactly those calls at their record versions, its totals their sum, published at
 * a new revision; buckets of the range that no call starts in any more are removed. Then the
 * campaign's buckets are recorded complete from {@code from} ({@link StatsCoverage}), so that
 * {@code /stats} answers from them. Like {@code rebuild-counters}, exact when no batch of these
 * campaigns is processed meanwhile (a concurrent batch is repaired by its next delivery, or a second
 * run).
 *
 * <p>A bucket drifts when its published totals, its entry totals, or its entries differ from what
 * its CDRs say; {@code --verify} reports each such bucket and changes nothing.
 */
public final class StatsRebuild {

    static final long PROGRESS_EVERY = 10_000;

    private final MongoDatabase database;
    private final MongoCollection<Document> records;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> published;
    private final MongoStatsBucketStore buckets;
    private final PrintStream out;

    public StatsRebuild(MongoDatabase database, MongoStatsBucketStore buckets, PrintStream out) {
        this.database = Objects.requireNonNull(database, "database");
        this.records = CallRecordCollection.in(database);
        this.entries = StatsBucketCollections.entries(database);
        this.published = StatsBucketCollections.published(database);
        this.buckets = Objects.requireNonNull(buckets, "buckets");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** What a run found or did. */
    public record Summary(long calls, long unreadable, int campaigns, int buckets, int drifting, int removed) {
    }

    /** The buckets of one campaign as its CDRs say they must be. */
    private static final class Expected {
        final Map<String, HeldContribution> calls = new HashMap<>();
        StatsTotals totals = StatsTotals.empty();
        Date newestCreatedAt;
    }

    public Summary rebuild(String campaignId, Instant from) {
        return run(campaignId, from, false);
    }

    public Summary verify(String campaignId, Instant from) {
        return run(campaignId, from, true);
    }

    private Summary run(String campaignId, Instant from, boolean verifyOnly) {
        List<String> campaigns = campaignId != null ? List.of(campaignId) : campaigns();
        long calls = 0;
        long unreadable = 0;
        int bucketCount = 0;
        int drifting = 0;
        int removed = 0;
        for (String campaign : campaigns) {
            Map<StatsBucketKey, Expected> expected = new TreeMap<>();
            Bson filter = from == null ? Filters.eq(CallRecordFields.CAMPAIGN_ID, campaign)
                    : Filters.and(Filters.eq(CallRecordFields.CAMPAIGN_ID, campaign),
                            Filters.gte(CallRecordFields.START_TIME, Date.from(from)));
            for (Document record : records.find(filter)
                    .projection(Projections.include(StatsBucketCodec.RECORD_FIELDS)).batchSize(1000)) {
                String callId = String.valueOf(record.get("_id"));
                StatsBucketCodec.Counted counted = StatsBucketCodec.countedAs(record);
                if (counted == null) {
                    unreadable++;
                    out.println("unreadable call record " + callId + ": no version, campaign or start");
                    continue;
                }
                StatsContribution contribution = counted.entry().contribution();
                Expected bucket = expected.computeIfAbsent(counted.bucket(), key -> new Expected());
                bucket.calls.put(callId, counted.entry());
                bucket.totals = bucket.totals.plus(contribution.totals());
                Date createdAt = record.getDate(CallRecordFields.CREATED_AT);
                if (createdAt != null && (bucket.newestCreatedAt == null || createdAt.after(bucket.newestCreatedAt))) {
                    bucket.newestCreatedAt = createdAt;
                }
                if (++calls % PROGRESS_EVERY == 0) {
                    out.println(calls + " call records read");
                }
            }
            Set<StatsBucketKey> stored = storedBuckets(campaign, from);
            bucketCount += expected.size();
            if (verifyOnly) {
                drifting += verify(expected, stored);
                continue;
            }
            for (Map.Entry<StatsBucketKey, Expected> bucket : expected.entrySet()) {
                write(bucket.getKey(), bucket.getValue());
            }
            buckets.settle(expected.keySet());
            List<String> gone = new ArrayList<>();
            for (StatsBucketKey key : stored) {
                if (!expected.containsKey(key)) {
                    gone.add(StatsBucketCodec.idOf(key));
                }
            }
            if (!gone.isEmpty()) {
                entries.deleteMany(Filters.in(ID, gone));
                published.deleteMany(Filters.in(ID, gone));
                removed += gone.size();
            }
            StatsCoverage.markComplete(database, campaign, from);
        }
        if (!verifyOnly && campaignId == null) {
            StatsCoverage.markComplete(database, null, from);
        }
        return new Summary(calls, unreadable, campaigns.size(), bucketCount, drifting, removed);
    }

    private List<String> campaigns() {
        return records.distinct(CallRecordFields.CAMPAIGN_ID, String.class).into(new ArrayList<>()).stream().sorted().toList();
    }

    /** The ids of the campaign's stored buckets (entries or published) starting at or after {@code from}. */
    private Set<StatsBucketKey> storedBuckets(String campaign, Instant from) {
        Bson range = Filters.and(Filters.gte(ID, StatsBucketCodec.lowestIdFrom(campaign, from)),
                Filters.lt(ID, StatsBucketCodec.idBefore(campaign, null)));
        Set<StatsBucketKey> keys = new TreeSet<>();
        for (MongoCollection<Document> collection : List.of(entries, published)) {
            for (Document document : collection.find(range).projection(Projections.include(ID))) {
                keys.add(StatsBucketCodec.keyOf(document.getString(ID)));
            }
        }
        return keys;
    }

    private void write(StatsBucketKey key, Expected bucket) {
        Document calls = new Document();
        bucket.calls.forEach((callId, held) -> calls.append(StatsBucketCodec.callField(callId),
                StatsBucketCodec.entryText(held)));
        Document set = StatsBucketCodec.totalsDocument(bucket.totals)
                .append(CAMPAIGN_ID, key.campaignId())
                .append(START, Date.from(key.start()))
                .append(CALLS, calls)
                .append(UPDATED_AT, bucket.newestCreatedAt != null ? bucket.newestCreatedAt : new Date());
        entries.updateOne(Filters.eq(ID, StatsBucketCodec.idOf(key)),
                new Document("$set", set).append("$inc", new Document(REVISION, 1L)), new UpdateOptions().upsert(true));
    }

    /** Reports each drifting bucket; answers how many drift. */
    private int verify(Map<StatsBucketKey, Expected> expected, Set<StatsBucketKey> stored) {
        Set<StatsBucketKey> all = new TreeSet<>(expected.keySet());
        all.addAll(stored);
        int drifting = 0;
        for (StatsBucketKey key : all) {
            String id = StatsBucketCodec.idOf(key);
            Expected want = expected.getOrDefault(key, new Expected());
            Document entryDocument = entries.find(Filters.eq(ID, id)).first();
            Document publishedDocument = published.find(Filters.eq(ID, id)).first();
            List<String> problems = new ArrayList<>();
            StatsTotals wanted = scaled(want.totals);
            StatsTotals shown = publishedDocument == null ? StatsTotals.empty() : scaled(StatsBucketCodec.totalsOf(publishedDocument));
            if (!shown.equals(wanted)) {
                problems.add("published " + shown + " but its CDRs give " + wanted);
            }
            StatsTotals entryTotals = entryDocument == null ? StatsTotals.empty() : scaled(StatsBucketCodec.totalsOf(entryDocument));
            if (!entryTotals.equals(wanted)) {
                problems.add("entry totals " + entryTotals);
            }
            Map<String, HeldContribution> held = new HashMap<>();
            Document callEntries = entryDocument == null ? null : entryDocument.get(CALLS, Document.class);
            if (callEntries != null) {
                callEntries.forEach((field, value) -> {
                    HeldContribution entry = StatsBucketCodec.entryOf(String.valueOf(value));
                    if (entry.contribution() != null) {
                        held.put(StatsBucketCodec.callIdOf(field), entry);
                    }
                });
            }
            if (!held.equals(want.calls)) {
                Set<String> callIds = new TreeSet<>(held.keySet());
                callIds.addAll(want.calls.keySet());
                long differing = callIds.stream()
                        .filter(callId -> !Objects.equals(held.get(callId), want.calls.get(callId))).count();
                problems.add(differing + " call entries differ from their CDRs");
            }
            if (!problems.isEmpty()) {
                drifting++;
                out.println("drift " + id + ": " + String.join("; ", problems));
            }
        }
        return drifting;
    }

    private static StatsTotals scaled(StatsTotals totals) {
        return totals.withCostScale(Tariff.SCALE);
    }
}
