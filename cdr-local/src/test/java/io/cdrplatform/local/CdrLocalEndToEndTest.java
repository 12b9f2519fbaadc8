package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cdrplatform.testsupport.FreePorts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * cdr-local started on free ports and driven only through its public faces: the AWS SDK publishing
 * to its SNS endpoint, a TCP client as the PBX, HTTP to the API, a MongoDB driver and a Redis
 * client on its stores; then restarted on the same data.
 */
class CdrLocalEndToEndTest {

    private static final String TOPIC = CdrLocal.CALL_EVENTS_TOPIC_ARN;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Map<String, String> env;
    private CdrLocal local;
    private SnsClient sns;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startCdrLocal() throws Exception {
        env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("LOCAL_MONGO_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_REDIS_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_SNS_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_HTTP_PORT", Integer.toString(FreePorts.next()));
        env.put("NET_SOCKET_PORT", Integer.toString(FreePorts.next()));
        env.put("NET_SOCKET_ADDR", "127.0.0.1");
        env.put("BRIDGE_HEALTH_PORT", Integer.toString(FreePorts.next()));
        env.put("BRIDGE_HEALTH_ADDR", "127.0.0.1");
        env.put("AVAYA_CAMPAIGN_ID", "pbx");
        local = CdrLocal.start(env);
        sns = LocalSnsClients.forPort(local.snsPort());
    }

    @AfterEach
    void stop() {
        if (sns != null) {
            sns.close();
        }
        if (local != null) {
            local.close();
        }
    }

    private static String event(String callId, String campaign, String type, Instant at, String extra) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaign + "\",\"eventType\":\"" + type
                + "\",\"timestamp\":\"" + at + "\"" + extra + "}";
    }

    @Test
    void publishedEventsBecomeCdrsAndCountersThatSurviveARestart() throws Exception {
        // given 40 calls of campaign "e2e", each with its events, shuffled and 30% duplicated
        Instant t0 = Instant.parse("2024-01-15T10:00:00Z");
        List<String> messages = new ArrayList<>();
        Random random = new Random(7);
        int converted = 0;
        for (int i = 0; i < 40; i++) {
            String callId = "e2e-" + i;
            Instant start = t0.plusSeconds(i * 60L);
            messages.add(event(callId, "e2e", "call_initiated", start, ",\"phoneNumber\":\"+14155550100\""));
            if (i % 2 == 0) {
                messages.add(event(callId, "e2e", "call_answered", start.plusSeconds(5), ""));
                messages.add(event(callId, "e2e", "dtmf_pressed", start.plusSeconds(9), ",\"digit\":\"1\""));
                String outcome = i % 4 == 0 ? "converted" : "answered";
                converted += i % 4 == 0 ? 1 : 0;
                messages.add(event(callId, "e2e", "call_ended", start.plusSeconds(65), ",\"outcome\":\"" + outcome + "\""));
            } else if (i % 3 == 0) {
                messages.add(event(callId, "e2e", "call_ended", start.plusSeconds(30), ",\"outcome\":\"busy\""));
            }
        }
        int original = messages.size();
        for (int i = 0; i < original * 3 / 10; i++) {
            messages.add(messages.get(random.nextInt(original)));
        }
        Collections.shuffle(messages, random);

        // when the first is published alone and the rest in batches of up to 10
        sns.publish(request -> request.topicArn(TOPIC).message(messages.get(0)));
        for (int from = 1; from < messages.size(); from += 10) {
            List<PublishBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, messages.size()); i++) {
                entries.add(PublishBatchRequestEntry.builder().id("m" + i).message(messages.get(i)).build());
            }
            PublishBatchResponse response = sns.publishBatch(request -> request.topicArn(TOPIC).publishBatchRequestEntries(entries));
            assertThat(response.failed()).isEmpty();
        }

        // then the API, MongoDB and Redis show exactly the calls published
        JsonNode live = getJson("/campaigns/e2e/live");
        assertThat(live.get("totalAttempts").asLong()).isEqualTo(40);
        assertThat(live.get("answered").asLong()).isEqualTo(20);
        assertThat(live.get("converted").asLong()).isEqualTo(converted);
        assertThat(live.get("busy").asLong()).isEqualTo(7);
        assertThat(live.get("activeCalls").asLong()).isEqualTo(13);
        JsonNode stats = getJson("/campaigns/e2e/stats?startDate=2024-01-15&endDate=2024-01-15");
        assertThat(stats.get("totalAttempts").asLong()).isEqualTo(40);
        assertThat(stats.get("answerRate").decimalValue()).isEqualByComparingTo("0.5");
        JsonNode call = getJson("/calls/e2e-0");
        assertThat(call.get("status").asText()).isEqualTo("completed");
        assertThat(call.get("duration").asLong()).isEqualTo(65);
        assertThat(call.get("dtmfInputs").get(0).asText()).isEqualTo("1");
        assertThat(getJson("/campaigns/e2e/cdrs?limit=1000").get("items")).hasSize(40);
        HttpResponse<String> csv = get("/campaigns/e2e/cdrs?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().split("\r\n")).hasSize(41);
        try (MongoClient mongo = MongoClients.create(local.mongoUri())) {
            assertThat(mongo.getDatabase("campaign_system").getCollection("call_records")
                    .countDocuments(new Document("campaignId", "e2e"))).isEqualTo(40);
        }
        assertThat(redisGet("campaign:e2e:total_attempts")).isEqualTo("40");

        // and after a restart on the same data directory, everything is still there
        restart();
        assertThat(getJson("/campaigns/e2e/live").get("totalAttempts").asLong()).isEqualTo(40);
        assertThat(getJson("/calls/e2e-0").get("status").asText()).isEqualTo("completed");
        assertThat(getJson("/campaigns/e2e/cdrs?limit=1000").get("items")).hasSize(40);
    }

    @Test
    void aPbxRecordBecomesOneCdrEvenWhenSentTwice() throws Exception {
        String record = "170925 1547 00252                    2434 0                2432";
        try (Socket pbx = new Socket("127.0.0.1", local.pbxPort())) {
            OutputStream out = pbx.getOutputStream();
            out.write(("\0\0" + record + "\r\n" + record.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write((record.substring(10) + "\r\nnot a record\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(() -> liveTotal("pbx") == 1, Duration.ofSeconds(20));
            JsonNode page = getJson("/campaigns/pbx/cdrs");
            assertThat(page.get("items")).hasSize(1);
            JsonNode cdr = page.get("items").get(0);
            assertThat(cdr.get("startTime").asText()).isEqualTo("2025-09-17T15:44:08Z");
            assertThat(cdr.get("duration").asLong()).isEqualTo(172);
            assertThat(cdr.get("phoneNumber").asText()).isEqualTo("2432");
            assertThat(cdr.get("source").asText()).isEqualTo("avaya");
        }
        assertThat(liveTotal("pbx")).isEqualTo(1);
    }

    @Test
    void theReadmePublishExampleWorksWithTheAwsCli() throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "the AWS CLI is not installed; skipping the CLI example");
        // given the README's example, as a user would paste it
        String message = event("cli-1", "cli", "call_initiated", Instant.parse("2024-01-15T10:35:00Z"), "");
        ProcessBuilder builder = new ProcessBuilder("aws", "--endpoint-url", "http://127.0.0.1:" + local.snsPort(),
                "sns", "publish", "--topic-arn", TOPIC, "--message", message);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.redirectErrorStream(true);

        // when it runs
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // then the CLI got a MessageId and the CDR is there
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("MessageId");
        assertThat(getJson("/calls/cli-1").get("status").asText()).isEqualTo("dialing");
        assertThat(getJson("/campaigns/cli/live").get("activeCalls").asLong()).isEqualTo(1);
    }

    @Test
    void aTakenPortStopsTheStartWithTheVariableToChange() {
        Map<String, String> clash = new HashMap<>(env);
        clash.put("DATA_DIR", dataDir.resolve("other").toString());
        clash.put("LOCAL_MONGO_PORT", Integer.toString(FreePorts.next()));
        clash.put("LOCAL_REDIS_PORT", Integer.toString(FreePorts.next()));
        // the HTTP port is the running instance's
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CdrLocal.start(clash))
                .isInstanceOf(PortInUseException.class)
                .hasMessageContaining("LOCAL_SNS_PORT");
    }

    private void restart() throws Exception {
        local.close();
        local = CdrLocal.start(env);
    }

    private long liveTotal(String campaign) {
        try {
            return getJson("/campaigns/" + campaign + "/live").get("totalAttempts").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private String redisGet(String key) {
        RedisClient client = RedisClient.create(local.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
