package io.cdrplatform.embeddedmongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TtlMonitorTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final long RETENTION = 3_600;

    private final MutableClock clock = new MutableClock(NOW);
    private IndexedH2Backend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> calls;

    @BeforeEach
    void startWithAClockUnderTheTestsControl() {
        backend = new IndexedH2Backend(MVStore.open(null), clock);
        server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        calls = client.getDatabase("campaign_system").getCollection("call_records");
        calls.createIndex(Indexes.compoundIndex(Indexes.ascending("campaignId"), Indexes.descending("startTime")));
        calls.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(RETENTION, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static Document call(String id, Object createdAt) {
        Document call = new Document("_id", id).append("campaignId", "c").append("startTime", new Date(0));
        if (createdAt != null) {
            call.append("createdAt", createdAt);
        }
        return call;
    }

    private List<Object> remainingIds() {
        return calls.find().into(new ArrayList<>()).stream().map(document -> document.get("_id")).toList();
    }

    @Test
    void a_pass_deletes_the_documents_created_longer_ago_than_the_retention_and_nothing_else() {
        // given
        calls.insertMany(List.of(
                call("expired", Date.from(NOW.minusSeconds(RETENTION + 1))),
                call("long-expired", Date.from(NOW.minusSeconds(400 * 86_400L))),
                call("just-in-time", Date.from(NOW.minusSeconds(RETENTION - 1))),
                call("new", Date.from(NOW)),
                call("no-date", null),
                call("not-a-date", "2020-01-01")));

        // when
        long deleted = TtlMonitor.deleteExpired(backend);

        // then
        assertThat(deleted).isEqualTo(2);
        assertThat(remainingIds()).containsExactlyInAnyOrder("just-in-time", "new", "no-date", "not-a-date");
        // and later, the next ones
        clock.set(NOW.plusSeconds(2));
        assertThat(TtlMonitor.deleteExpired(backend)).isEqualTo(1);
        assertThat(remainingIds()).containsExactlyInAnyOrder("new", "no-date", "not-a-date");
        IndexedH2Collection collection = backend.collection("campaign_system", "call_records");
        assertThat(collection.secondaryIndexes()).allMatch(index -> index.getCount() == 3);
    }

    @Test
    void a_pass_reads_only_the_expired_documents_through_the_index_a_batch_at_a_time() {
        // given: many live calls and more expired ones than a batch
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            batch.add(call("live-" + i, Date.from(NOW.minusSeconds(i % 600))));
        }
        for (int i = 0; i < TtlMonitor.BATCH * 2 + 10; i++) {
            batch.add(call("old-" + i, Date.from(NOW.minusSeconds(RETENTION + 1 + i))));
        }
        calls.insertMany(batch);
        IndexedH2Collection collection = backend.collection("campaign_system", "call_records");
        long readsBefore = collection.documentsRead();

        // when
        long deleted = TtlMonitor.deleteExpired(backend);

        // then
        assertThat(deleted).isEqualTo(TtlMonitor.BATCH * 2 + 10);
        assertThat(collection.documentsRead() - readsBefore).isEqualTo(deleted);
        assertThat(calls.countDocuments()).isEqualTo(3_000);
    }

    @Test
    void a_changed_retention_applies_from_the_next_pass() {
        // given
        calls.insertOne(call("two-hours-old", Date.from(NOW.minusSeconds(7_200))));
        calls.insertOne(call("ten-minutes-old", Date.from(NOW.minusSeconds(600))));

        // when: the logger changes the TTL index as for a new CDR_RETENTION_DAYS
        Document answer = client.getDatabase("campaign_system").runCommand(new Document("collMod", "call_records")
                .append("index", new Document("keyPattern", new Document("createdAt", 1)).append("expireAfterSeconds", 300L)));

        // then
        assertThat(((Number) answer.get("expireAfterSeconds_old")).longValue()).isEqualTo(RETENTION);
        Document ttl = calls.listIndexes().into(new ArrayList<>()).stream()
                .filter(index -> "createdAt_1".equals(index.getString("name"))).findFirst().orElseThrow();
        assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isEqualTo(300L);
        assertThat(TtlMonitor.deleteExpired(backend)).isEqualTo(2);
        assertThat(remainingIds()).isEmpty();
    }

    @Test
    void the_started_monitor_deletes_expired_documents_by_itself() throws Exception {
        // given
        calls.insertOne(call("expired", Date.from(NOW.minusSeconds(RETENTION * 2))));
        calls.insertOne(call("kept", Date.from(NOW)));

        // when
        try (TtlMonitor monitor = TtlMonitor.start(backend, Duration.ofMillis(50))) {
            // then (polled, with a generous deadline: no assertion on how long it takes)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (calls.countDocuments(Filters.eq("_id", "expired")) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(remainingIds()).containsExactly("kept");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
