package io.cdrplatform.embeddedmongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondaryIndexTest {

    private static final String CALLS = "call_records";
    private static final String CAMPAIGN_INDEX = "campaignId_1_startTime_-1";

    @TempDir
    Path dir;

    private static Document call(int i) {
        return new Document("_id", "call-" + i)
                .append("callId", "call-" + i)
                .append("campaignId", "campaign-" + (i % 3))
                .append("startTime", Date.from(Instant.parse("2024-01-15T10:00:00Z").plusSeconds(i * 7L % 50)))
                .append("cost", new Decimal128(i))
                .append("createdAt", new Date());
    }

    private static void createCallRecordIndexes(MongoCollection<Document> calls) {
        calls.createIndex(Indexes.ascending("callId"), new IndexOptions().unique(true));
        calls.createIndex(Indexes.compoundIndex(Indexes.ascending("campaignId"), Indexes.descending("startTime")));
        calls.createIndex(Indexes.ascending("startTime"));
        calls.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS));
    }

    @Test
    void an_index_created_over_existing_documents_has_one_entry_each_and_is_listed_like_mongodb_lists_it() {
        try (IndexedStore store = IndexedStore.open(dir.resolve("mongo.mv"))) {
            // given
            MongoCollection<Document> calls = store.collection(CALLS);
            for (int i = 0; i < 40; i++) {
                calls.insertOne(call(i));
            }

            // when
            createCallRecordIndexes(calls);

            // then
            store.assertIndexMatchesDocuments(CALLS, CAMPAIGN_INDEX);
            store.assertIndexMatchesDocuments(CALLS, "startTime_1");
            store.assertIndexMatchesDocuments(CALLS, "createdAt_1");
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).getCount()).isEqualTo(40);
            List<Document> listed = calls.listIndexes().into(new ArrayList<>());
            assertThat(listed).extracting(index -> index.getString("name"))
                    .containsExactlyInAnyOrder("_id_", "callId_1", CAMPAIGN_INDEX, "startTime_1", "createdAt_1");
            Document compound = named(listed, CAMPAIGN_INDEX);
            assertThat(compound.get("key", Document.class)).isEqualTo(new Document("campaignId", 1).append("startTime", -1));
            assertThat(compound.get("unique")).isNotEqualTo(true);
            assertThat(((Number) named(listed, "createdAt_1").get("expireAfterSeconds")).longValue()).isEqualTo(3600L);
            // mongo-java-server's stand-in that ignores secondary indexes (and warns at every start) is gone
            assertThat(store.indexed(CALLS).getIndexes()).filteredOn(index -> !index.isUnique())
                    .allMatch(index -> index instanceof SecondaryIndex);
        }
    }

    private static Document named(List<Document> indexes, String name) {
        return indexes.stream().filter(index -> name.equals(index.getString("name"))).findFirst().orElseThrow();
    }

    @Test
    void inserts_updates_upserts_bulk_upserts_and_deletes_keep_each_index_equal_to_the_documents() {
        try (IndexedStore store = IndexedStore.open(dir.resolve("mongo.mv"))) {
            // given
            MongoCollection<Document> calls = store.collection(CALLS);
            createCallRecordIndexes(calls);
            for (int i = 0; i < 30; i++) {
                calls.insertOne(call(i));
            }

            // when: a key changes, a field disappears, one becomes an array, upserts (single and bulk), deletes
            calls.updateOne(Filters.eq("_id", "call-1"), Updates.set("campaignId", "moved"));
            calls.updateMany(Filters.eq("campaignId", "campaign-2"), Updates.set("startTime", new Date(0)));
            calls.updateOne(Filters.eq("_id", "call-3"), Updates.unset("startTime"));
            calls.updateOne(Filters.eq("_id", "call-4"), Updates.set("startTime", List.of(new Date(1), new Date(2))));
            calls.updateOne(Filters.eq("_id", "call-6"), Updates.set("status", "completed"));
            calls.replaceOne(Filters.eq("_id", "call-7"), new Document("callId", "call-7").append("campaignId", "replaced"));
            calls.updateOne(Filters.eq("callId", "call-100"), Updates.combine(Updates.set("campaignId", "campaign-0"),
                    Updates.setOnInsert("startTime", new Date(5))), new UpdateOptions().upsert(true));
            List<WriteModel<Document>> bulk = new ArrayList<>();
            for (int i = 25; i < 45; i++) {
                bulk.add(new UpdateOneModel<>(Filters.eq("_id", "call-" + i),
                        Updates.combine(Updates.set("callId", "call-" + i), Updates.set("campaignId", "bulk"),
                                Updates.min("startTime", new Date(i * 1000L))),
                        new UpdateOptions().upsert(true)));
            }
            calls.bulkWrite(bulk);
            calls.deleteOne(Filters.eq("_id", "call-0"));
            calls.deleteMany(Filters.eq("campaignId", "campaign-1"));
            calls.findOneAndDelete(Filters.eq("_id", "call-4"));

            // then
            for (String index : List.of(CAMPAIGN_INDEX, "startTime_1", "createdAt_1")) {
                store.assertIndexMatchesDocuments(CALLS, index);
            }
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).getCount()).isEqualTo(calls.countDocuments());
        }
    }

    @Test
    void an_array_in_an_indexed_field_makes_the_index_unusable_for_queries_until_it_is_gone() {
        try (IndexedStore store = IndexedStore.open(null)) {
            MongoCollection<Document> calls = store.collection(CALLS);
            createCallRecordIndexes(calls);
            calls.insertOne(call(1));
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).usableForQueries()).isTrue();

            calls.updateOne(Filters.eq("_id", "call-1"), Updates.set("campaignId", List.of("a", "b")));
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).usableForQueries()).isFalse();
            assertThat(store.index(CALLS, "startTime_1").usableForQueries()).isTrue();

            calls.updateOne(Filters.eq("_id", "call-1"), Updates.set("campaignId", "a"));
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).usableForQueries()).isTrue();
            store.assertIndexMatchesDocuments(CALLS, CAMPAIGN_INDEX);
        }
    }

    @Test
    void a_store_written_without_the_extension_gains_its_indexes_on_first_start_and_they_survive_restarts() {
        Path file = dir.resolve("mongo.mv");
        // given: an older cdr-local's store (mongo-java-server ignores the secondary indexes it is asked for)
        try (IndexedStore old = IndexedStore.openPlain(file)) {
            MongoCollection<Document> calls = old.collection(CALLS);
            createCallRecordIndexes(calls);
            for (int i = 0; i < 25; i++) {
                calls.insertOne(call(i));
            }
        }

        // when: opened with the extension
        try (IndexedStore store = IndexedStore.open(file)) {
            // then
            store.assertIndexMatchesDocuments(CALLS, CAMPAIGN_INDEX);
            store.assertIndexMatchesDocuments(CALLS, "createdAt_1");
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).getCount()).isEqualTo(25);
            store.collection(CALLS).insertOne(call(25));
        }
        try (IndexedStore store = IndexedStore.open(file)) {
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).getCount()).isEqualTo(26);
            store.assertIndexMatchesDocuments(CALLS, CAMPAIGN_INDEX);
        }
        // and the older emulator writing to it again leaves indexes that are rebuilt at the next start
        try (IndexedStore old = IndexedStore.openPlain(file)) {
            old.collection(CALLS).insertOne(call(26));
            old.collection(CALLS).updateOne(Filters.eq("_id", "call-2"), Updates.set("campaignId", "elsewhere"));
        }
        try (IndexedStore store = IndexedStore.open(file)) {
            store.assertIndexMatchesDocuments(CALLS, CAMPAIGN_INDEX);
            store.assertIndexMatchesDocuments(CALLS, "startTime_1");
        }
    }

    @Test
    void the_indexes_survive_the_offline_compaction_cdr_local_runs_at_every_stop() {
        Path file = dir.resolve("mongo.mv");
        try (IndexedStore store = IndexedStore.open(file)) {
            MongoCollection<Document> calls = store.collection(CALLS);
            createCallRecordIndexes(calls);
            for (int i = 0; i < 500; i++) {
                calls.insertOne(call(i));
            }
        }

        io.cdrplatform.embeddedmongo.H2StoreFile.compactOffline(file);

        try (IndexedStore store = IndexedStore.open(file)) {
            for (String index : List.of(CAMPAIGN_INDEX, "startTime_1", "createdAt_1")) {
                store.assertIndexMatchesDocuments(CALLS, index);
            }
            assertThat(store.index(CALLS, CAMPAIGN_INDEX).getCount()).isEqualTo(500);
            // and the copied tree is still in index order: a walk finds a campaign's calls newest first
            List<Document> page = store.collection(CALLS).find(Filters.eq("campaignId", "campaign-1"))
                    .sort(new Document("startTime", -1)).limit(5).into(new ArrayList<>());
            List<Document> scanned = store.collection(CALLS).find(Filters.eq("campaignId", "campaign-1"))
                    .into(new ArrayList<>());
            scanned.sort((a, b) -> b.getDate("startTime").compareTo(a.getDate("startTime")));
            assertThat(page).extracting(d -> d.getDate("startTime"))
                    .isEqualTo(scanned.subList(0, 5).stream().map(d -> d.getDate("startTime")).toList());
        }
    }

    @Test
    void after_an_unclean_stop_an_index_that_disagrees_with_the_documents_is_rebuilt() {
        Path file = dir.resolve("mongo.mv");
        // given: a crash between a document's write and its index entry's, committed by H2's background writer
        IndexedStore crashed = IndexedStore.open(file);
        MongoCollection<Document> calls = crashed.collection(CALLS);
        createCallRecordIndexes(calls);
        for (int i = 0; i < 10; i++) {
            calls.insertOne(call(i));
        }
        SecondaryIndex index = crashed.index(CALLS, CAMPAIGN_INDEX);
        IndexEntry stale = index.entries().firstKey();
        index.entries().remove(stale);
        Object[] values = stale.values().clone();
        values[0] = "stale";
        index.entries().put(new IndexEntry(values, stale.position()), Boolean.TRUE);
        crashed.store.commit();
        crashed.crash();

        // when
        try (IndexedStore store = IndexedStore.open(file)) {
            // then
            store.assertIndexMatchesDocuments(CALLS, CAMPAIGN_INDEX);
        }
    }

    @Test
    void dropping_an_index_or_the_collection_removes_its_maps_from_the_file() {
        try (IndexedStore store = IndexedStore.open(dir.resolve("mongo.mv"))) {
            MongoCollection<Document> calls = store.collection(CALLS);
            createCallRecordIndexes(calls);
            calls.insertOne(call(1));
            String prefix = IndexedStore.DATABASE + "." + CALLS + "._index_";
            assertThat(store.store.getMapNames()).contains(prefix + "startTime_1", prefix + "startTime_1.irregular");

            calls.dropIndex("startTime_1");
            assertThat(store.store.getMapNames()).noneMatch(name -> name.startsWith(prefix + "startTime_1"));
            assertThat(calls.listIndexes().into(new ArrayList<>())).extracting(index -> index.getString("name"))
                    .doesNotContain("startTime_1");

            calls.drop();
            assertThat(store.store.getMapNames()).noneMatch(name -> name.contains("._index_campaignId"));
        }
    }
}
