package io.cdrplatform.query.stats;

import static io.cdrplatform.store.callrecords.CallRecordFields.ANSWERED;
import static io.cdrplatform.store.callrecords.CallRecordFields.CAMPAIGN_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.COST;
import static io.cdrplatform.store.callrecords.CallRecordFields.DURATION;
import static io.cdrplatform.store.callrecords.CallRecordFields.OUTCOME;
import static io.cdrplatform.store.callrecords.CallRecordFields.START_TIME;
import static io.cdrplatform.store.callrecords.CallRecordFields.STATUS;
import static io.cdrplatform.store.callrecords.CallRecordFields.path;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.core.stats.HourOfDayHistogram;
import io.cdrplatform.core.stats.StatsTotals;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.query.stores.MongoOutages;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Campaign statistics computed by MongoDB: one aggregation matches the campaign's CDRs in the
 * range (served by the {@code {campaignId: 1, startTime: -1}} index) and groups them by 15-minute
 * UTC slice of {@code startTime}, summing every counter, duration and cost per slice. Java only
 * adds up the slice rows (at most 96 a day of range) and maps each slice to its local hour, which
 * is exact in any zone since every offset in use is a multiple of 15 minutes.
 *
 * <p>Operators used ($match, $group, $sum, $cond, $eq, $ne, $and, $gte, $ifNull, $toLong, $mod,
 * $subtract) are supported alike by MongoDB 4.0+ and mongo-java-server.
 */
public final class StatsRepository {

    private static final long SLICE = HourOfDayHistogram.SLICE_MILLIS;

    private final MongoCollection<Document> records;

    public StatsRepository(MongoDatabase database) {
        this.records = CallRecordCollection.in(database);
    }

    /** The campaign's stats; a MongoDB outage is a {@link io.cdrplatform.query.failure.StoreUnavailableException}. */
    public CampaignStats stats(StatsRequest request) {
        return MongoOutages.read(() -> aggregate(request));
    }

    private CampaignStats aggregate(StatsRequest request) {
        HourOfDayHistogram byHour = new HourOfDayHistogram(request.zone());
        Sums sums = new Sums();
        for (Document slice : records.aggregate(pipeline(request.campaignId(), request.range())).batchSize(10_000)) {
            sums.add(slice);
            if (slice.get("_id") instanceof Date sliceStart) {
                byHour.add(sliceStart.toInstant(), count(slice, "attempts"), count(slice, "answeredCalls"));
            }
        }
        return CampaignStats.of(sums.totals(), byHour.buckets());
    }

    /** The aggregation pipeline (public for the benchmark, which shows it). */
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
        Document group = new Document("_id", sliceStart)
                .append("attempts", new Document("$sum", 1))
                .append("answeredCalls", countIf(answered))
                .append("converted", countIf(outcome("converted")))
                .append("busy", countIf(outcome("busy")))
                .append("failed", countIf(outcome("failed")))
                .append("noAnswer", countIf(outcome("no_answer")))
                .append("voicemail", countIf(outcome("voicemail")))
                .append("optedOut", countIf(outcome("opted_out")))
                .append("activeCalls", countIf(new Document("$ne", List.of(path(STATUS), "completed"))))
                .append("totalDuration", new Document("$sum", path(DURATION)))
                .append("answeredDuration", new Document("$sum", new Document("$cond", List.of(answeredEnded, path(DURATION), 0L))))
                .append("answeredEnded", countIf(answeredEnded))
                .append("totalCost", new Document("$sum", path(COST)));
        return List.of(new Document("$match", match), new Document("$group", group));
    }

    private static Document outcome(String wireName) {
        return new Document("$eq", List.of(path(OUTCOME), wireName));
    }

    private static Document countIf(Document condition) {
        return new Document("$sum", new Document("$cond", List.of(condition, 1, 0)));
    }

    private static long count(Document row, String field) {
        return row.get(field) instanceof Number number ? number.longValue() : 0;
    }

    /** Adds up the slice rows exactly (longs and BigDecimal). */
    private static final class Sums {
        private long attempts;
        private long answered;
        private long converted;
        private long busy;
        private long failed;
        private long noAnswer;
        private long voicemail;
        private long optedOut;
        private long activeCalls;
        private long totalDuration;
        private long answeredDuration;
        private long answeredEnded;
        private BigDecimal totalCost = BigDecimal.ZERO;

        void add(Document row) {
            attempts += count(row, "attempts");
            answered += count(row, "answeredCalls");
            converted += count(row, "converted");
            busy += count(row, "busy");
            failed += count(row, "failed");
            noAnswer += count(row, "noAnswer");
            voicemail += count(row, "voicemail");
            optedOut += count(row, "optedOut");
            activeCalls += count(row, "activeCalls");
            totalDuration += count(row, "totalDuration");
            answeredDuration += count(row, "answeredDuration");
            answeredEnded += count(row, "answeredEnded");
            totalCost = totalCost.add(money(row.get("totalCost")));
        }

        StatsTotals totals() {
            return new StatsTotals(attempts, answered, converted, busy, failed, noAnswer, voicemail, optedOut,
                    activeCalls, totalDuration, answeredDuration, answeredEnded,
                    totalCost.setScale(Tariff.SCALE, RoundingMode.HALF_UP));
        }

        private static BigDecimal money(Object value) {
            BigDecimal money = CallRecordCodec.decimal(value);
            return money == null ? BigDecimal.ZERO : money;
        }
    }
}
