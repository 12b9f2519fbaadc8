package io.cdrplatform.embeddedmongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers insert, move (change the indexed start time of), bulk-upsert and delete calls while readers
 * query the campaign through the index: no answer holds a call twice, misses a call acknowledged before
 * the query began and not deleted, or is out of order.
 */
class ConcurrentIndexTest {

    private static final Instant T0 = Instant.parse("2024-01-15T00:00:00Z");
    private static final int WRITES_PER_WRITER = 300;

    @TempDir
    Path dir;

    private static Document call(int i, int second) {
        return new Document("_id", "call-" + i).append("campaignId", "c").append("startTime", Date.from(T0.plusSeconds(second)));
    }

    @Test
    void concurrent_writers_and_readers_never_see_a_call_twice_or_miss_one() throws Exception {
        try (IndexedStore store = IndexedStore.open(dir.resolve("mongo.mv"))) {
            MongoCollection<Document> calls = store.collection("calls");
            calls.createIndex(Indexes.compoundIndex(Indexes.ascending("campaignId"), Indexes.descending("startTime")));
            calls.createIndex(Indexes.ascending("startTime"));
            // calls 0..199 are kept for ever (moved around); deletable ones get ids from 1,000,000 up
            Set<String> kept = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200; i++) {
                calls.insertOne(call(i, i));
                kept.add("call-" + i);
            }
            AtomicInteger nextId = new AtomicInteger(200);
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int seed = w;
                writers.add(pool.submit(() -> write(calls, kept, nextId, new Random(seed))));
            }
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> read(calls, kept, writing)));
            }

            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            int reads = 0;
            for (Future<Integer> reader : readers) {
                reads += reader.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(reads).isPositive();
            store.assertIndexMatchesDocuments("calls", "campaignId_1_startTime_-1");
            store.assertIndexMatchesDocuments("calls", "startTime_1");
        }
    }

    private static void write(MongoCollection<Document> calls, Set<String> kept, AtomicInteger nextId, Random random) {
        List<String> deletable = new ArrayList<>();
        for (int n = 0; n < WRITES_PER_WRITER; n++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    int id = nextId.getAndIncrement();
                    calls.insertOne(call(id, random.nextInt(1_000)));
                    kept.add("call-" + id);
                }
                case 1 -> calls.updateOne(Filters.eq("_id", "call-" + random.nextInt(200)),
                        Updates.set("startTime", Date.from(T0.plusSeconds(random.nextInt(1_000)))));
                case 2 -> {
                    List<WriteModel<Document>> bulk = new ArrayList<>();
                    for (int k = 0; k < 5; k++) {
                        String id = "call-" + (1_000_000 + nextId.getAndIncrement());
                        deletable.add(id);
                        bulk.add(new UpdateOneModel<>(Filters.eq("_id", id),
                                Updates.combine(Updates.set("campaignId", "c"),
                                        Updates.min("startTime", Date.from(T0.plusSeconds(random.nextInt(1_000))))),
                                new UpdateOptions().upsert(true)));
                    }
                    calls.bulkWrite(bulk);
                }
                default -> {
                    if (!deletable.isEmpty()) {
                        calls.deleteOne(Filters.eq("_id", deletable.remove(deletable.size() - 1)));
                    }
                }
            }
        }
    }

    /** Queries until the writers are done (and once more); returns how many answers it checked. */
    private static int read(MongoCollection<Document> calls, Set<String> kept, AtomicBoolean writing) {
        int checked = 0;
        boolean last = false;
        while (!last) {
            last = !writing.get();
            Set<String> acknowledged = new HashSet<>(kept);
            List<Document> answer = calls.find(Filters.and(Filters.eq("campaignId", "c"),
                    Filters.gte("startTime", Date.from(T0)))).sort(new Document("startTime", -1)).batchSize(50)
                    .into(new ArrayList<>());
            Set<Object> seen = new HashSet<>();
            Date previous = null;
            for (Document call : answer) {
                assertThat(seen.add(call.get("_id"))).as("%s seen twice", call.get("_id")).isTrue();
                Date startTime = call.getDate("startTime");
                if (previous != null) {
                    assertThat(startTime).isBeforeOrEqualTo(previous);
                }
                previous = startTime;
            }
            assertThat(seen).containsAll(acknowledged);
            List<Document> page = calls.find(Filters.eq("campaignId", "c")).sort(new Document("startTime", -1)).limit(20)
                    .into(new ArrayList<>());
            assertThat(page).hasSize(20).doesNotHaveDuplicates();
            assertThat(calls.countDocuments(Filters.eq("campaignId", "c"))).isGreaterThanOrEqualTo(acknowledged.size());
            checked++;
        }
        return checked;
    }
}
