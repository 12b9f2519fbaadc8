package io.cdrplatform.query.cdrs;

import static io.cdrplatform.store.callrecords.CallRecordFields.CALL_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.CAMPAIGN_ID;
import static io.cdrplatform.store.callrecords.CallRecordFields.OUTCOME;
import static io.cdrplatform.store.callrecords.CallRecordFields.START_TIME;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.callrecords.CdrView;
import io.cdrplatform.query.stores.MongoOutages;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads CDRs from {@code call_records}. Every list query has the shape the index
 * {@code {campaignId: 1, startTime: -1}} serves: equality on campaignId, a range on startTime and a
 * sort on startTime alone, so MongoDB walks the index in order and stops after the page (no
 * in-memory sort). The callId tie-break of the keyset is applied to the few CDRs that share the
 * boundary start time, in a second, equality-bounded query. A MongoDB outage during any read, the
 * export stream's included, is a {@link io.cdrplatform.query.failure.StoreUnavailableException}.
 */
public final class CdrRepository {

    private static final Bson VIEW = CallRecordCodec.VIEW_PROJECTION;
    private static final Document NEWEST_FIRST = new Document(START_TIME, -1);
    private static final int EXPORT_BATCH = 1000;

    private final MongoCollection<Document> records;

    public CdrRepository(MongoDatabase database) {
        this.records = CallRecordCollection.in(database);
    }

    public Optional<CdrView> findByCallId(String callId) {
        Document document = MongoOutages.read(() -> records.find(new Document(CALL_ID, callId)).projection(VIEW).first());
        return Optional.ofNullable(document).map(CallRecordCodec::toView);
    }

    /** A page of at most {@code limit} CDRs after {@code after} (null: from the newest). */
    public CdrPage page(CdrFilter filter, PageCursor.Position after, int limit) {
        return MongoOutages.read(() -> readPage(filter, after, limit));
    }

    private CdrPage readPage(CdrFilter filter, PageCursor.Position after, int limit) {
        List<CdrView> fetched = new ArrayList<>(limit + 1);
        try (MongoCursor<Document> cursor = records.find(filter(filter, after)).projection(VIEW)
                .sort(NEWEST_FIRST).limit(limit + 1).batchSize(limit + 1).iterator()) {
            cursor.forEachRemaining(document -> fetched.add(CallRecordCodec.toView(document)));
        }
        if (fetched.size() <= limit) {
            fetched.sort(CdrView.NEWEST_FIRST);
            return new CdrPage(fetched, null);
        }
        // the last start time fetched may be shared by CDRs the limit cut off: fetch that tie group whole
        Date boundary = Date.from(fetched.get(limit).startTime());
        List<CdrView> page = new ArrayList<>(limit + 1);
        for (CdrView cdr : fetched) {
            if (cdr.startTime().isAfter(boundary.toInstant())) {
                page.add(cdr);
            }
        }
        page.sort(CdrView.NEWEST_FIRST);
        Document ties = filter(filter, after);
        ties.put(START_TIME, boundary);
        try (MongoCursor<Document> cursor = records.find(ties).projection(VIEW)
                .sort(new Document(CALL_ID, -1)).limit(limit + 1 - page.size()).iterator()) {
            cursor.forEachRemaining(document -> page.add(CallRecordCodec.toView(document)));
        }
        List<CdrView> items = List.copyOf(page.subList(0, limit));
        CdrView last = items.get(limit - 1);
        return new CdrPage(items, new PageCursor.Position(last.startTime(), last.callId()));
    }

    /**
     * Every CDR of the filter, newest first, read in batches. The query runs (and fails, if
     * MongoDB is down) before this returns; the caller closes the stream.
     */
    public CdrStream stream(CdrFilter filter) {
        FindIterable<Document> found = records.find(filter(filter, null)).projection(VIEW)
                .sort(NEWEST_FIRST).batchSize(EXPORT_BATCH);
        return new CdrStream(MongoOutages.read(found::iterator));
    }

    /** The query document of a list: {@code {campaignId, startTime: {range}, outcome: {$in}, $or: keyset}}. */
    static Document filter(CdrFilter filter, PageCursor.Position after) {
        Document query = new Document(CAMPAIGN_ID, filter.campaignId());
        Document startTime = new Document();
        if (filter.range().from() != null) {
            startTime.append("$gte", Date.from(filter.range().from()));
        }
        if (filter.range().until() != null) {
            startTime.append("$lt", Date.from(filter.range().until()));
        }
        if (after != null) {
            Date position = Date.from(after.startTime());
            // the index bound is startTime <= position; the callId tie-break is a residual filter
            startTime.append("$lte", position);
            query.append("$or", List.of(
                    new Document(START_TIME, new Document("$lt", position)),
                    new Document(CALL_ID, new Document("$lt", after.callId()))));
        }
        if (!startTime.isEmpty()) {
            query.append(START_TIME, startTime);
        }
        if (!filter.outcomes().isEmpty()) {
            query.append(OUTCOME, new Document("$in", filter.outcomes().stream().map(Outcome::wireName).sorted().toList()));
        }
        return query;
    }

    /** One page and the position after it (null on the last page). */
    public record CdrPage(List<CdrView> items, PageCursor.Position next) {
    }

    /**
     * CDRs in list order from an open MongoDB cursor: the cursor gives start-time order, and each
     * group of equal start times is sorted by callId before it is handed on.
     */
    public static final class CdrStream implements Iterator<CdrView>, AutoCloseable {
        private final MongoCursor<Document> cursor;
        private final List<CdrView> group = new ArrayList<>();
        private int groupIndex;
        private CdrView lookahead;

        CdrStream(MongoCursor<Document> cursor) {
            this.cursor = cursor;
        }

        @Override
        public boolean hasNext() {
            return MongoOutages.read(this::advance);
        }

        private boolean advance() {
            if (groupIndex < group.size()) {
                return true;
            }
            group.clear();
            groupIndex = 0;
            if (lookahead == null && cursor.hasNext()) {
                lookahead = CallRecordCodec.toView(cursor.next());
            }
            if (lookahead == null) {
                return false;
            }
            group.add(lookahead);
            lookahead = null;
            while (cursor.hasNext()) {
                CdrView next = CallRecordCodec.toView(cursor.next());
                if (java.util.Objects.equals(next.startTime(), group.get(0).startTime())) {
                    group.add(next);
                } else {
                    lookahead = next;
                    break;
                }
            }
            group.sort(CdrView.NEWEST_FIRST);
            return true;
        }

        @Override
        public CdrView next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return group.get(groupIndex++);
        }

        @Override
        public void close() {
            cursor.close();
        }
    }
}
