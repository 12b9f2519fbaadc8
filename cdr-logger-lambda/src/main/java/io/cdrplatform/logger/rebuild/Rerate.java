package io.cdrplatform.logger.rebuild;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.cost.Rating;
import io.cdrplatform.core.ingest.StoredCall;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.bucket.CallStatsBuckets;
import io.cdrplatform.core.stats.bucket.CallStatsTarget;
import io.cdrplatform.core.stats.bucket.HeldContribution;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.callrecords.CallRecordFields;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * Re-prices the stored calls that started in a range ({@code rerate}) with the rates valid at each
 * call's start: where the price, billable seconds or rate differ from what the record holds, the
 * record gets the new ones at the next version, and its stats buckets follow (the upkeep of
 * {@link CallStatsBuckets}, as for a batch of the logger), so {@code /stats} totals the new costs.
 *
 * <p>Idempotent: a record already priced as the table says is left alone, so a second run changes
 * nothing. Safe while the logger writes: each update is guarded by the version read (as the logger
 * guards its own), so a record the logger changed meanwhile is never overwritten; it is read again
 * and re-priced from what the logger wrote.
 */
public final class Rerate {

    static final int CHUNK = 1_000;
    static final long PROGRESS_EVERY = 100_000;
    static final int MAX_ATTEMPTS = 8;

    private final MongoCollection<Document> records;
    private final Pricing pricing;
    private final CallStatsBuckets buckets;
    private final Clock clock;
    private final PrintStream out;
    private final CdrFold fold;

    public Rerate(MongoDatabase database, Pricing pricing, CallStatsBuckets buckets, Clock clock, PrintStream out) {
        this.records = CallRecordCollection.in(Objects.requireNonNull(database, "database"));
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.buckets = Objects.requireNonNull(buckets, "buckets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.fold = new CdrFold(pricing);
    }

    /** What a run did. */
    public record Summary(long read, long repriced, long unchanged, long ongoing, long unreadable, long retried,
                          long failed, long bucketConflicts, BigDecimal costBefore, BigDecimal costAfter) {
    }

    private final class Tally {
        long read;
        long repriced;
        long unchanged;
        long ongoing;
        long unreadable;
        long retried;
        long failed;
        long bucketConflicts;
        BigDecimal costBefore = BigDecimal.ZERO;
        BigDecimal costAfter = BigDecimal.ZERO;

        Summary summary() {
            return new Summary(read, repriced, unchanged, ongoing, unreadable, retried, failed, bucketConflicts,
                    costBefore, costAfter);
        }
    }

    /** Re-prices the calls of {@code campaignId} (all when null) that started in {@code [from, to)}. */
    public Summary run(String campaignId, Instant from, Instant to) {
        Bson range = Filters.and(Filters.gte(CallRecordFields.START_TIME, Date.from(from)),
                Filters.lt(CallRecordFields.START_TIME, Date.from(to)));
        Bson filter = campaignId == null ? range : Filters.and(Filters.eq(CallRecordFields.CAMPAIGN_ID, campaignId), range);
        Tally tally = new Tally();
        Map<String, Document> chunk = new LinkedHashMap<>();
        for (Document document : records.find(filter).projection(CallRecordCodec.STORED_PROJECTION).batchSize(CHUNK)) {
            chunk.put(CallRecordCodec.idOf(document), document);
            if (chunk.size() == CHUNK) {
                reprice(chunk, tally);
                chunk.clear();
            }
            if (++tally.read % PROGRESS_EVERY == 0) {
                out.println("rerate: " + tally.read + " call records read, " + tally.repriced + " repriced");
            }
        }
        if (!chunk.isEmpty()) {
            reprice(chunk, tally);
        }
        return tally.summary();
    }

    /** A call to write: read at {@code stored}, to be priced {@code rating}. */
    private record Repricing(String callId, StoredCall stored, Rating rating) {
    }

    private void reprice(Map<String, Document> documents, Tally tally) {
        Map<String, Document> pending = documents;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            List<Repricing> writes = new ArrayList<>();
            for (Map.Entry<String, Document> entry : pending.entrySet()) {
                CallRecordCodec.Decoded decoded = CallRecordCodec.decodeStored(entry.getKey(), entry.getValue());
                if (decoded.call() == null) {
                    tally.unreadable++;
                    out.println("rerate: skipping call " + entry.getKey() + ": " + decoded.error());
                    continue;
                }
                StoredCall stored = decoded.call();
                Rating now = CdrFold.rate(stored.state(), pricing);
                if (now == null) {
                    tally.ongoing++;
                    continue;
                }
                if (attempt == 1) {
                    Cdr before = fold.toCdr(stored.state(), stored.rating());
                    tally.costBefore = tally.costBefore.add(before.cost());
                }
                if (now.equals(stored.rating())) {
                    tally.unchanged++;
                    tally.costAfter = tally.costAfter.add(now.cost());
                } else {
                    writes.add(new Repricing(entry.getKey(), stored, now));
                }
            }
            pending = write(writes, tally);
            if (!pending.isEmpty()) {
                tally.retried += pending.size();
            }
        }
        tally.failed += pending.size();
        for (String callId : pending.keySet()) {
            out.println("rerate: call " + callId + " kept changing under the logger; run rerate again for it");
        }
    }

    /** Writes the new prices guarded by version; answers the calls to read again (the logger wrote them meanwhile). */
    private Map<String, Document> write(List<Repricing> writes, Tally tally) {
        if (writes.isEmpty()) {
            return Map.of();
        }
        Date now = Date.from(clock.instant());
        List<WriteModel<Document>> updates = new ArrayList<>(writes.size());
        for (Repricing write : writes) {
            Rating rating = write.rating();
            updates.add(new UpdateOneModel<>(
                    CallRecordCodec.versionGuard(write.callId(), write.stored().version()),
                    Updates.combine(
                            Updates.set(CallRecordFields.COST, new Decimal128(rating.cost())),
                            Updates.set(CallRecordFields.BILLABLE_SECONDS, rating.billableSeconds()),
                            Updates.set(CallRecordFields.RATE_PREFIX, rating.ratePrefix()),
                            Updates.set(CallRecordFields.RATE_NAME, rating.rateName()),
                            Updates.set(CallRecordFields.VERSION, write.stored().version() + 1),
                            Updates.set(CallRecordFields.UPDATED_AT, now))));
        }
        int matched = records.bulkWrite(updates).getMatchedCount();
        Map<String, Document> again = new LinkedHashMap<>();
        List<Repricing> written = new ArrayList<>(writes.size());
        if (matched == writes.size()) {
            written.addAll(writes);
        } else {
            // some were changed meanwhile: a record now at the next version with our state and price is ours
            // (or the same CDR by another writer, which counts the same); any other is read again
            Map<String, Document> current = new LinkedHashMap<>();
            for (Document document : records.find(CallRecordCodec.byIds(writes.stream().map(Repricing::callId).toList()))
                    .projection(CallRecordCodec.STORED_PROJECTION)) {
                current.put(CallRecordCodec.idOf(document), document);
            }
            for (Repricing write : writes) {
                Document document = current.get(write.callId());
                CallRecordCodec.Decoded decoded = document == null ? null
                        : CallRecordCodec.decodeStored(write.callId(), document);
                StoredCall reread = decoded == null ? null : decoded.call();
                if (reread != null && reread.version() == write.stored().version() + 1
                        && reread.state().equals(write.stored().state()) && write.rating().equals(reread.rating())) {
                    written.add(write);
                } else if (document != null) {
                    again.put(write.callId(), document);
                }
            }
        }
        List<CallStatsTarget> targets = new ArrayList<>(written.size());
        for (Repricing write : written) {
            StoredCall stored = write.stored();
            Cdr before = fold.toCdr(stored.state(), stored.rating());
            Cdr after = fold.toCdr(stored.state(), write.rating());
            Set<StatsBucketKey> earlier = new java.util.TreeSet<>(stored.statsBuckets());
            earlier.add(StatsBucketKey.of(before));
            targets.add(CallStatsTarget.of(write.callId(), stored.version() + 1, after, earlier,
                    new CallStatsTarget.Held(StatsBucketKey.of(before),
                            new HeldContribution(stored.version(), StatsContribution.of(before)))));
            tally.repriced++;
            tally.costAfter = tally.costAfter.add(after.cost());
        }
        if (!targets.isEmpty()) {
            Set<String> conflicting = buckets.keep(targets);
            tally.bucketConflicts += conflicting.size();
            for (String callId : conflicting) {
                out.println("rerate: the stats buckets of call " + callId
                        + " still conflicted; its next event or rebuild-stats repairs them");
            }
        }
        return again;
    }
}
