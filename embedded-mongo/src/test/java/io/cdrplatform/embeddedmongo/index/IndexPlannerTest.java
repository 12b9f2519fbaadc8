package io.cdrplatform.embeddedmongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which queries the planner serves from an index, and what they read (the answers are the scan's: see IndexedQueryPropertiesTest). */
class IndexPlannerTest {

    private static final int CALLS = 3_000;
    private static final Instant T0 = Instant.parse("2024-01-15T00:00:00Z");

    private static IndexedStore store;
    private static MongoCollection<Document> indexed;
    private static MongoCollection<Document> plain;

    @BeforeAll
    static void twoCollectionsWithTheSameCallsOneWithTheIndexes() {
        store = IndexedStore.open(null);
        indexed = store.collection("indexed");
        plain = store.collection("plain");
        indexed.createIndex(Indexes.compoundIndex(Indexes.ascending("campaignId"), Indexes.descending("startTime")));
        indexed.createIndex(Indexes.ascending("startTime"));
        List<Document> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            // campaign "small" has 30 calls, "big" the rest; start times repeat (ties)
            calls.add(new Document("_id", "call-" + i).append("callId", "call-" + i)
                    .append("campaignId", i % 100 == 0 ? "small" : "big")
                    .append("startTime", Date.from(T0.plusSeconds((i * 37L) % 1_000)))
                    .append("outcome", i % 3 == 0 ? "answered" : "no_answer"));
        }
        indexed.insertMany(calls);
        plain.insertMany(calls.stream().map(Document::new).toList());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static long reads(Runnable query) {
        long before = store.indexed("indexed").documentsRead();
        query.run();
        return store.indexed("indexed").documentsRead() - before;
    }

    private static List<Document> page(MongoCollection<Document> collection, Bson filter, Bson sort, int limit) {
        return collection.find(filter).sort(sort).limit(limit).into(new ArrayList<>());
    }

    @Test
    void a_first_page_newest_first_reads_about_the_page_whatever_the_size_of_the_campaign() {
        Bson filter = Filters.eq("campaignId", "big");
        List<Document> answer = new ArrayList<>();

        long reads = reads(() -> answer.addAll(page(indexed, filter, Sorts.descending("startTime"), 100)));

        assertThat(answer).isEqualTo(page(plain, filter, Sorts.descending("startTime"), 100));
        assertThat(answer).hasSize(100);
        // the page, plus the rest of the last group of equal start times
        assertThat(reads).isBetween(100L, 110L);
    }

    @Test
    void a_deep_page_of_a_keyset_cursor_reads_about_the_page_too() {
        Date position = Date.from(T0.plusSeconds(300));
        Bson filter = Filters.and(Filters.eq("campaignId", "big"), Filters.gte("startTime", Date.from(T0)),
                Filters.lte("startTime", position),
                Filters.or(Filters.lt("startTime", position), Filters.lt("callId", "call-5")),
                Filters.in("outcome", "answered", "no_answer"));
        List<Document> answer = new ArrayList<>();

        long reads = reads(() -> answer.addAll(page(indexed, filter, Sorts.descending("startTime"), 50)));

        assertThat(answer).isEqualTo(page(plain, filter, Sorts.descending("startTime"), 50)).hasSize(50);
        assertThat(reads).isBetween(50L, 60L);
    }

    @Test
    void the_index_is_walked_backwards_for_the_opposite_sort() {
        Bson filter = Filters.and(Filters.eq("campaignId", "big"), Filters.gt("startTime", Date.from(T0.plusSeconds(10))));
        List<Document> answer = new ArrayList<>();

        long reads = reads(() -> answer.addAll(page(indexed, filter, Sorts.ascending("startTime"), 20)));

        assertThat(answer).isEqualTo(page(plain, filter, Sorts.ascending("startTime"), 20)).hasSize(20);
        assertThat(reads).isBetween(20L, 30L);
    }

    @Test
    void a_small_campaigns_stats_aggregation_and_count_read_only_that_campaign() {
        List<Bson> pipeline = List.of(Aggregates.match(Filters.eq("campaignId", "small")),
                Aggregates.group("$outcome", Accumulators.sum("calls", 1)), Aggregates.sort(Sorts.ascending("_id")));
        List<Document> answer = new ArrayList<>();

        long reads = reads(() -> answer.addAll(indexed.aggregate(pipeline).into(new ArrayList<>())));
        long countReads = reads(() -> assertThat(indexed.countDocuments(Filters.eq("campaignId", "small"))).isEqualTo(30));

        assertThat(answer).isEqualTo(plain.aggregate(pipeline).into(new ArrayList<>()));
        assertThat(reads).isEqualTo(30);
        assertThat(countReads).isEqualTo(30);
    }

    @Test
    void a_sorted_and_limited_aggregation_reads_about_the_limit() {
        List<Bson> pipeline = List.of(Aggregates.match(Filters.eq("campaignId", "big")),
                Aggregates.sort(Sorts.descending("startTime")), Aggregates.skip(5), Aggregates.limit(10),
                Aggregates.project(new Document("callId", 1)));
        List<Document> answer = new ArrayList<>();

        long reads = reads(() -> answer.addAll(indexed.aggregate(pipeline).into(new ArrayList<>())));

        assertThat(answer).isEqualTo(plain.aggregate(pipeline).into(new ArrayList<>())).hasSize(10);
        assertThat(reads).isBetween(15L, 25L);
    }

    @Test
    void a_query_the_planner_does_not_understand_is_answered_by_a_scan() {
        Bson filter = Filters.in("campaignId", "small", "other");
        List<Document> answer = new ArrayList<>();

        long reads = reads(() -> answer.addAll(indexed.find(filter).into(new ArrayList<>())));

        assertThat(answer).isEqualTo(plain.find(filter).into(new ArrayList<>())).hasSize(30);
        assertThat(reads).isEqualTo(CALLS);
    }

    @Test
    void a_sort_on_an_indexed_key_alone_with_a_limit_is_served_by_that_index() {
        List<Document> answer = new ArrayList<>();

        long reads = reads(() -> answer.addAll(page(indexed, new Document(), Sorts.descending("startTime"), 10)));

        assertThat(answer).isEqualTo(page(plain, new Document(), Sorts.descending("startTime"), 10));
        assertThat(reads).isLessThan(20);
    }
}
