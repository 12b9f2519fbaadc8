package io.cdrplatform.store.stats;

import static io.cdrplatform.store.stats.StatsBucketFields.COVERAGE_ALL;
import static io.cdrplatform.store.stats.StatsBucketFields.COVERAGE_FROM;
import static io.cdrplatform.store.stats.StatsBucketFields.ID;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Which buckets are complete: the logger keeps the buckets of every call it writes, but the calls
 * of a store that predates the buckets have none until {@code rebuild-stats} builds them. One
 * document per campaign ({@code _id} = campaignId) or for every campaign ({@code _id: "*"}), with
 * {@code from}: the buckets are complete for starts at or after it (null: all of them). A logger
 * starting on an empty {@code call_records} marks every campaign complete.
 */
public final class StatsCoverage {

    /** What the buckets of a campaign cover. */
    public record Coverage(boolean built, Instant from) {
        public static final Coverage NONE = new Coverage(false, null);
        public static final Coverage ALL = new Coverage(true, null);
    }

    private StatsCoverage() {
    }

    public static Coverage of(MongoDatabase database, String campaignId) {
        Coverage coverage = Coverage.NONE;
        for (Document document : StatsBucketCollections.coverage(database)
                .find(Filters.in(ID, List.of(COVERAGE_ALL, campaignId)))) {
            Object from = document.get(COVERAGE_FROM);
            if (!(from instanceof Date date)) {
                return Coverage.ALL;
            }
            if (!coverage.built() || date.toInstant().isBefore(coverage.from())) {
                coverage = new Coverage(true, date.toInstant());
            }
        }
        return coverage;
    }

    /** Records that the buckets of {@code campaignId} (null: every campaign) are complete from {@code from} (null: all). */
    public static void markComplete(MongoDatabase database, String campaignId, Instant from) {
        // $min: an earlier start (or null, which sorts first) already recorded stays
        StatsBucketCollections.coverage(database).updateOne(
                Filters.eq(ID, campaignId == null ? COVERAGE_ALL : campaignId),
                new Document("$min", new Document(COVERAGE_FROM, from == null ? null : Date.from(from))),
                new UpdateOptions().upsert(true));
    }

    /** Marks every campaign complete if there is no call record yet (a new store); answers whether it did. */
    public static boolean markCompleteIfNoCallRecords(MongoDatabase database) {
        if (CallRecordCollection.in(database).find().projection(new Document(ID, 1)).first() != null) {
            return false;
        }
        markComplete(database, null, null);
        return true;
    }
}
