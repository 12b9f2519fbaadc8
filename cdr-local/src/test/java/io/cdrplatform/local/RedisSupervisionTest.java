package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * cdr-local supervises its redis-server: killed with SIGKILL, it is started again on the same port
 * and data directory, and {@code GET /health} shows the recovery.
 */
class RedisSupervisionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private CdrLocal local;
    private SnsClient sns;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startCdrLocal() throws Exception {
        Map<String, String> env = CounterLoad.freePortsEnvironment(dataDir);
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

    @Test
    void health_answers_200_with_every_component_up_after_start() throws Exception {
        // a first start checks the counters' marker once (503, "counters" recovering, until it is written)
        SupervisedProcessTest.await(() -> healthStatus() == 200);
        HttpResponse<String> health = get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("up");
        assertThat(body.path("components").fieldNames()).toIterable()
                .contains("mongodb", "redis", "counters", "sns-endpoint", "http-api", "avaya-bridge");
        body.path("components").forEach(component -> {
            assertThat(component.path("status").asText()).isEqualTo("up");
            assertThat(component.path("restarts").asLong()).isZero();
        });
    }

    @Test
    void a_redis_server_killed_with_sigkill_is_back_on_the_same_port_and_data_directory() throws Exception {
        long pid = local.redisServer().pid();
        String dirBefore = configDir();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        SupervisedProcessTest.await(() -> {
            JsonNode redis = healthOf("redis");
            return redis.path("restarts").asLong() == 1 && redis.path("status").asText().equals("up");
        });
        assertThat(local.redisServer().pid()).isPositive().isNotEqualTo(pid);
        assertThat(configDir()).isEqualTo(dirBefore).startsWith(dataDir.toAbsolutePath().toString());
        assertThat(healthOf("redis").path("lastError").asText()).contains("exited with status 137");
        // the counters are rebuilt after the restart (health 503, "counters" recovering, meanwhile): then all is up
        SupervisedProcessTest.await(() -> healthStatus() == 200);

        // and the pipeline counts on it again
        Instant at = Instant.parse("2024-01-15T10:35:00Z");
        sns.publish(request -> request.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN).message(
                "{\"callId\":\"after-restart\",\"campaignId\":\"sup\",\"eventType\":\"call_initiated\",\"timestamp\":\""
                        + at + "\"}"));
        JsonNode live = JSON.readTree(get("/campaigns/sup/live").body());
        assertThat(live.path("totalAttempts").asLong()).isEqualTo(1);
    }

    @Test
    void a_redis_server_killed_under_load_is_back_within_10_s_and_the_counters_are_rebuilt_unattended() throws Exception {
        // given calls being published
        CounterLoad load = new CounterLoad(new java.util.Random(20), 600, "kill", 4);
        int killAt = load.size() * 2 / 5;
        load.publish(sns, 0, killAt);

        // when its redis-server is killed with SIGKILL while the rest is published
        var publisher = java.util.concurrent.Executors.newSingleThreadExecutor();
        var rest = publisher.submit(() -> load.publish(sns, killAt, load.size()));
        long pid = local.redisServer().pid();
        long killedAt = System.nanoTime();
        long faultAt = killedAt;
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        boolean[] seen = new boolean[1];
        try {
            System.out.printf("kill: /live summed %d counts right after the SIGKILL (rebuilding: %s)%n",
                    CounterLoad.total(load.live(http, local.httpPort(), seen)), seen[0]);
        } catch (Exception e) {
            System.out.printf("kill: right after the SIGKILL /live answered no counters (%s)%n", e);
        }

        // then Redis is back within 10 s (same port), nobody acting
        SupervisedProcessTest.await(() -> local.redisServer().pid() > 0 && local.redisServer().pid() != pid);
        long backMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("redis-server back %d ms after the SIGKILL%n", backMillis);
        assertThat(backMillis).isLessThan(10_000);
        rest.get(2, java.util.concurrent.TimeUnit.MINUTES);
        publisher.shutdown();
        long publishedAt = System.nanoTime();

        // and the counters are rebuilt without anyone acting: /live equals the oracle, not rebuilding
        boolean[] rebuilding = new boolean[1];
        long[] worst = new long[2];
        SupervisedProcessTest.await(() -> {
            try {
                rebuilding[0] = false;
                var live = load.live(http, local.httpPort(), rebuilding);
                worst[0] = Math.max(worst[0], load.shortfall(live));
                worst[1] = Math.max(worst[1], load.excess(live));
                return live.equals(load.expected()) && !rebuilding[0]
                        && get("/health").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        System.out.printf("%s: publishing ended %d ms after the fault, counters exact and whole %d ms later; polled /live at worst %d below the "
                + "truth, %d above%n", "kill", (publishedAt - faultAt) / 1_000_000,
                (System.nanoTime() - publishedAt) / 1_000_000, worst[0], worst[1]);
        assertThat(load.live(http, local.httpPort(), rebuilding)).isEqualTo(load.expected());
        assertThat(worst[1]).as("counts above the truth seen at any time").isZero();

        // and /health showed the recovery: redis restarted once, counters found lost and rebuilt
        JsonNode redis = healthOf("redis");
        assertThat(redis.path("restarts").asLong()).isEqualTo(1);
        assertThat(redis.path("lastError").asText()).contains("exited with status 137");
        JsonNode counters = healthOf("counters");
        assertThat(counters.path("status").asText()).isEqualTo("up");
        assertThat(counters.path("lastError").asText()).contains("marker absent");
    }

    private int healthStatus() {
        try {
            return get("/health").statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode healthOf(String component) {
        try {
            return JSON.readTree(get("/health").body()).path("components").path(component);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String configDir() {
        RedisClient client = RedisClient.create(local.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().configGet("dir").get("dir");
        } finally {
            client.shutdown();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
