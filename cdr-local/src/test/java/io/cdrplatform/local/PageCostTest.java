package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cdrplatform.store.stats.StatsBucketFields;
import io.cdrplatform.testsupport.FreePorts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/**
 * What a page costs in cdr-local's embedded store, counted in documents read (not in milliseconds):
 * the same for a campaign's first page, a later page and its stats whether the store holds a thousand
 * other CDRs or ten thousand more, because the queries walk the logger's indexes (and the stats read the
 * campaign's buckets, not its CDRs).
 */
class PageCostTest {

    private static final String DATABASE = "campaign_system";
    private static final String CALLS = "call_records";
    private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private CdrLocal local;
    private SnsClient sns;
    private MongoClient mongo;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        for (String port : List.of("LOCAL_MONGO_PORT", "LOCAL_REDIS_PORT", "LOCAL_SNS_PORT", "LOCAL_HTTP_PORT",
                "NET_SOCKET_PORT", "BRIDGE_HEALTH_PORT")) {
            env.put(port, Integer.toString(FreePorts.next()));
        }
        env.put("NET_SOCKET_ADDR", "127.0.0.1");
        env.put("BRIDGE_HEALTH_ADDR", "127.0.0.1");
        local = CdrLocal.start(env);
        sns = LocalSnsClients.forPort(local.snsPort());
        mongo = MongoClients.create(local.mongoUri());
    }

    @AfterEach
    void stop() {
        mongo.close();
        sns.close();
        local.close();
    }

    @Test
    void a_pages_and_a_small_campaigns_stats_cost_do_not_grow_with_the_store() throws Exception {
        // given: campaign "small" published through SNS (so the logger created its indexes), 1,000 CDRs of "big"
        publishSmallCampaign(150);
        MongoCollection<Document> calls = mongo.getDatabase(DATABASE).getCollection(CALLS);
        insertBig(calls, 0, 1_000);
        Costs before = costs();

        // when the store grows tenfold
        insertBig(calls, 1_000, 11_000);
        Costs after = costs();

        // then every request reads as many documents as before: about its page, or the campaign's CDRs
        assertThat(calls.countDocuments()).isEqualTo(11_150);
        assertThat(after).isEqualTo(before);
        assertThat(before.firstPage()).isBetween(50L, 60L);
        assertThat(before.secondPage()).isBetween(50L, 60L);
        // the day's stats come from the campaign's 15-minute buckets (issue 16): no CDR is read, ten buckets are
        assertThat(before.statsCdrs()).isZero();
        assertThat(before.statsBuckets()).isBetween(10L, 12L);
        assertThat(before.bigFirstPage()).isBetween(100L, 110L);
    }

    record Costs(long firstPage, long secondPage, long statsCdrs, long statsBuckets, long bigFirstPage) {
    }

    private Costs costs() throws Exception {
        long[] reads = new long[1];
        JsonNode first = readsOf("/campaigns/small/cdrs?limit=50", reads);
        long firstPage = reads[0];
        assertThat(first.get("items")).hasSize(50);
        String cursor = URLEncoder.encode(first.get("nextCursor").asText(), StandardCharsets.UTF_8);
        JsonNode second = readsOf("/campaigns/small/cdrs?limit=50&cursor=" + cursor, reads);
        long secondPage = reads[0];
        assertThat(second.get("items")).hasSize(50);
        long bucketsBefore = local.mongoStore().documentsRead(DATABASE, StatsBucketFields.BUCKETS_COLLECTION);
        JsonNode stats = readsOf("/campaigns/small/stats?startDate=2024-01-15&endDate=2024-01-15", reads);
        long statsBuckets = local.mongoStore().documentsRead(DATABASE, StatsBucketFields.BUCKETS_COLLECTION) - bucketsBefore;
        assertThat(stats.get("totalAttempts").asLong()).isEqualTo(150);
        long statsCdrs = reads[0];
        readsOf("/campaigns/big/cdrs?limit=100", reads);
        return new Costs(firstPage, secondPage, statsCdrs, statsBuckets, reads[0]);
    }

    private JsonNode readsOf(String path, long[] reads) throws Exception {
        long before = local.mongoStore().documentsRead(DATABASE, CALLS);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.httpPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        reads[0] = local.mongoStore().documentsRead(DATABASE, CALLS) - before;
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void publishSmallCampaign(int calls) {
        for (int from = 0; from < calls; from += 10) {
            List<PublishBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, calls); i++) {
                Instant start = T0.plusSeconds(i * 60L);
                String event = "{\"callId\":\"small-" + i + "\",\"campaignId\":\"small\",\"eventType\":\"call_ended\","
                        + "\"timestamp\":\"" + start.plusSeconds(30) + "\",\"startTime\":\"" + start + "\",\"duration\":30,"
                        + "\"outcome\":\"answered\"}";
                entries.add(PublishBatchRequestEntry.builder().id("m" + i).message(event).build());
            }
            assertThat(sns.publishBatch(request -> request.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN)
                    .publishBatchRequestEntries(entries)).failed()).isEmpty();
        }
    }

    /** CDRs of campaign "big", older than the small campaign's and than the big one's first page. */
    private static void insertBig(MongoCollection<Document> calls, int from, int to) {
        List<Document> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Date start = Date.from(T0.minusSeconds(i * 10L));
            batch.add(new Document("_id", "big-" + i).append("callId", "big-" + i).append("campaignId", "big")
                    .append("status", "completed").append("outcome", "no_answer").append("answered", false)
                    .append("startTime", start).append("endTime", start).append("duration", 0L)
                    .append("cost", new Decimal128(0)).append("createdAt", new Date()).append("updatedAt", new Date()));
            if (batch.size() == 1_000) {
                calls.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            calls.insertMany(batch);
        }
    }
}
