package io.cdrplatform.embeddedmongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Correctness first: random documents (missing fields, nulls, mixed types, dates, Decimal128, now and
 * then an array) and random queries of the shapes the platform uses (equality + range + sort + limit,
 * {@code $in}, keyset {@code $or}, {@code $and}, aggregations, counts) answer the same, in the same order,
 * from a collection with the secondary indexes as from one without them (mongo-java-server's scan).
 */
class IndexedQueryPropertiesTest {

    private static final Object MISSING = new Object();
    private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

    private static IndexedStore store;

    @BeforeContainer
    static void start() {
        store = IndexedStore.open(null);
    }

    @AfterContainer
    static void stop() {
        store.close();
    }

    // ---- values: small sets, so that equal keys (ties) are frequent ----

    private static Date time(int i) {
        return Date.from(T0.plusSeconds(60L * i));
    }

    private static Arbitrary<Object> campaigns() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.of("a", "b", "c")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(MISSING)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just((Object) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1, 2.5, time(1))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of("a", "b"))));
    }

    private static Arbitrary<Object> times() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.integers().between(0, 8).map(IndexedQueryPropertiesTest::time)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(MISSING)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Object) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("2024-01-15", 7, new Decimal128(new BigDecimal("7.5")))));
    }

    private static Arbitrary<Object> numbers() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-2, 3).map(i -> (Object) i)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(-2, 3).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Object) 3_000_000_000L)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-4, 6).map(i -> (Object) (i / 2.0))),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-4, 6)
                        .map(i -> (Object) new Decimal128(BigDecimal.valueOf(i).divide(BigDecimal.valueOf(2))))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(MISSING, null, "2")));
    }

    private static Arbitrary<Object> outcomes() {
        return Arbitraries.of("answered", "busy", "no_answer", MISSING);
    }

    private static Object id(int i) {
        return switch (i % 3) {
            case 0 -> "id-" + i;
            case 1 -> i;
            default -> new ObjectId(String.format("%024x", i));
        };
    }

    @Provide
    Arbitrary<List<Document>> documents() {
        Arbitrary<Object[]> fields = Combinators.combine(campaigns(), times(), numbers(), outcomes())
                .as((campaign, time, number, outcome) -> new Object[] {campaign, time, number, outcome});
        return fields.list().ofMaxSize(40).map(rows -> {
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Document document = new Document("_id", id(i));
                put(document, "campaignId", rows.get(i)[0]);
                put(document, "startTime", rows.get(i)[1]);
                put(document, "n", rows.get(i)[2]);
                put(document, "outcome", rows.get(i)[3]);
                documents.add(document);
            }
            return documents;
        });
    }

    private static void put(Document document, String field, Object value) {
        if (value != MISSING) {
            document.put(field, value);
        }
    }

    // ---- writes applied to both collections after the inserts ----

    record Write(int kind, int target, Object value) {
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 45),
                Arbitraries.oneOf(campaigns(), times(), numbers())).as(Write::new).list().ofMaxSize(8);
    }

    private static void apply(MongoCollection<Document> collection, Write write) {
        Object id = id(write.target());
        Object value = write.value() == MISSING ? null : write.value();
        switch (write.kind()) {
            case 0 -> collection.updateOne(Filters.eq("_id", id), Updates.set("campaignId", value));
            case 1 -> collection.updateOne(Filters.eq("_id", id), Updates.set("startTime", value));
            case 2 -> collection.updateOne(Filters.eq("_id", id), Updates.unset("n"));
            case 3 -> collection.deleteOne(Filters.eq("_id", id));
            default -> collection.updateOne(Filters.eq("_id", id), Updates.set("n", value),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
        }
    }

    // ---- queries ----

    record Query(String kind, Document filter, Document sort, int skip, int limit) {
    }

    private static Arbitrary<Document> rangeOn(String field, Arbitrary<Object> values) {
        Arbitrary<Object> value = values.filter(v -> v != MISSING);
        return Combinators.combine(Arbitraries.subsetOf("$gt", "$gte", "$lt", "$lte").ofMinSize(1), value, value)
                .as((operators, low, high) -> {
                    Document range = new Document();
                    for (String operator : operators) {
                        range.put(operator, operator.startsWith("$g") ? low : high);
                    }
                    return range;
                });
    }

    private static Arbitrary<Object> conditionOn(String field, Arbitrary<Object> values) {
        Arbitrary<Object> value = values.filter(v -> v != MISSING);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(MISSING)),
                net.jqwik.api.Tuple.of(5, value),
                net.jqwik.api.Tuple.of(1, value.map(v -> (Object) new Document("$eq", v))),
                net.jqwik.api.Tuple.of(1, value.list().ofMinSize(1).ofMaxSize(3).map(vs -> (Object) new Document("$in", vs))),
                net.jqwik.api.Tuple.of(4, rangeOn(field, values).map(range -> (Object) range)));
    }

    @Provide
    Arbitrary<List<Query>> queries() {
        Arbitrary<Document> filter = Combinators.combine(
                conditionOn("campaignId", campaigns()), conditionOn("startTime", times()), conditionOn("n", numbers()),
                Arbitraries.of(MISSING, List.of("answered", "busy")), Arbitraries.integers().between(0, 12),
                Arbitraries.of(true, false))
                .as((campaign, time, number, outcomes, keyset, nested) -> {
                    List<Document> parts = new ArrayList<>();
                    addPart(parts, "campaignId", campaign);
                    addPart(parts, "startTime", time);
                    addPart(parts, "n", number);
                    if (outcomes != MISSING) {
                        parts.add(new Document("outcome", new Document("$in", outcomes)));
                    }
                    if (keyset < 8) {
                        // the list's keyset cursor: startTime <= t and (startTime < t or _id < x)
                        Date position = time(keyset);
                        parts.add(new Document("startTime", new Document("$lte", position)));
                        parts.add(new Document("$or", List.of(new Document("startTime", new Document("$lt", position)),
                                new Document("_id", new Document("$lt", "id-" + keyset)))));
                    }
                    return render(parts, nested);
                });
        Arbitrary<Document> sort = Arbitraries.of(
                new Document(), new Document("startTime", -1), new Document("startTime", 1),
                new Document("campaignId", 1).append("startTime", -1), new Document("campaignId", -1).append("startTime", 1),
                new Document("n", 1), new Document("n", -1), new Document("startTime", -1).append("_id", 1),
                new Document("campaignId", 1).append("n", 1).append("startTime", 1), new Document("n", -1).append("campaignId", 1));
        Arbitrary<Query> query = Combinators.combine(
                Arbitraries.of("find", "find", "find", "aggregate", "group", "count"), filter, sort,
                Arbitraries.frequency(net.jqwik.api.Tuple.of(4, 0), net.jqwik.api.Tuple.of(1, 1), net.jqwik.api.Tuple.of(1, 3)),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(2, 0), net.jqwik.api.Tuple.of(1, 1), net.jqwik.api.Tuple.of(3, 3),
                        net.jqwik.api.Tuple.of(2, 10)))
                .as(Query::new);
        return query.list().ofMinSize(1).ofMaxSize(6);
    }

    private static void addPart(List<Document> parts, String field, Object condition) {
        if (condition != MISSING) {
            parts.add(new Document(field, condition));
        }
    }

    /** Flat (as the platform writes its queries) where the fields do not repeat, else or when asked, in an $and. */
    private static Document render(List<Document> parts, boolean nested) {
        Document flat = new Document();
        for (Document part : parts) {
            String field = part.keySet().iterator().next();
            if (nested || flat.containsKey(field)) {
                return new Document("$and", parts);
            }
            flat.putAll(part);
        }
        return flat;
    }

    /** The answer, or the error code, of a query. */
    private static Object answer(MongoCollection<Document> collection, Query query) {
        try {
            return switch (query.kind()) {
                case "find" -> collection.find(query.filter()).sort(query.sort()).skip(query.skip()).limit(query.limit())
                        .into(new ArrayList<>());
                case "count" -> collection.countDocuments(query.filter());
                case "group" -> collection.aggregate(List.of(new Document("$match", query.filter()),
                        new Document("$group", new Document("_id", "$campaignId").append("calls", new Document("$sum", 1))
                                .append("n", new Document("$sum", "$n"))))).into(new ArrayList<>());
                default -> {
                    List<Document> pipeline = new ArrayList<>(List.of(new Document("$match", query.filter())));
                    if (!query.sort().isEmpty()) {
                        pipeline.add(new Document("$sort", query.sort()));
                    }
                    if (query.skip() > 0) {
                        pipeline.add(new Document("$skip", query.skip()));
                    }
                    if (query.limit() > 0) {
                        pipeline.add(new Document("$limit", query.limit()));
                    }
                    yield collection.aggregate(pipeline).into(new ArrayList<>());
                }
            };
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    private static final List<IndexModel> INDEXES = List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("campaignId"), Indexes.descending("startTime"))),
            new IndexModel(Indexes.ascending("startTime")),
            new IndexModel(Indexes.descending("n")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("campaignId"), Indexes.ascending("n"),
                    Indexes.ascending("startTime"))));

    @Property(tries = 300)
    void every_query_answers_the_same_in_the_same_order_with_and_without_the_indexes(
            @ForAll("documents") List<Document> documents, @ForAll("writes") List<Write> writes,
            @ForAll("queries") List<Query> queries, @ForAll boolean indexesBeforeDocuments) {
        MongoCollection<Document> indexed = store.collection("indexed");
        MongoCollection<Document> plain = store.collection("plain");
        indexed.drop();
        plain.drop();
        if (indexesBeforeDocuments) {
            indexed.createIndexes(INDEXES);
        }
        if (!documents.isEmpty()) {
            indexed.insertMany(documents.stream().map(Document::new).toList());
            plain.insertMany(documents.stream().map(Document::new).toList());
        }
        if (!indexesBeforeDocuments) {
            indexed.createIndexes(INDEXES);
        }
        for (Write write : writes) {
            apply(indexed, write);
            apply(plain, write);
        }

        for (Query query : queries) {
            long readsBefore = store.indexed("indexed").documentsRead();
            Object withIndexes = answer(indexed, query);
            long reads = store.indexed("indexed").documentsRead() - readsBefore;
            Object withoutIndexes = answer(plain, query);
            Statistics.label("served by an index").collect(reads < store.indexed("indexed").count() || documents.isEmpty());

            assertThat(withIndexes).as("%s %s sort %s skip %d limit %d", query.kind(), query.filter().toJson(),
                    query.sort().toJson(), query.skip(), query.limit()).isEqualTo(withoutIndexes);
        }
        for (String index : List.of("campaignId_1_startTime_-1", "startTime_1", "n_-1", "campaignId_1_n_1_startTime_1")) {
            store.assertIndexMatchesDocuments("indexed", index);
        }
    }

    @Property(tries = 50)
    void a_document_with_an_array_in_an_indexed_field_is_still_found(@ForAll("documents") List<Document> documents) {
        MongoCollection<Document> indexed = store.collection("indexed");
        indexed.drop();
        indexed.createIndexes(INDEXES);
        List<Document> copies = new ArrayList<>(documents.stream().map(Document::new).toList());
        copies.add(new Document("_id", "array").append("campaignId", Arrays.asList("a", "z")).append("startTime", time(3)));
        indexed.insertMany(copies);

        assertThat(indexed.find(Filters.eq("campaignId", "z")).into(new ArrayList<>()))
                .extracting(document -> document.get("_id")).containsExactly("array");
    }
}
