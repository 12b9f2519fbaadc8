package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.store.redis.CounterKeys;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * cdr-local on an external Redis (a real redis-server of its own, as in production) that is flushed
 * under load: the counters' marker catches it, cdr-local rebuilds the counters from MongoDB while
 * publishing goes on, and {@code /live} ends equal to the oracle.
 */
class CountersHealThemselvesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private EmbeddedRedisServer redis;
    private CdrLocal local;
    private SnsClient sns;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        redis = EmbeddedRedisServer.start();
        Map<String, String> env = CounterLoad.freePortsEnvironment(dataDir);
        env.remove("LOCAL_REDIS_PORT");
        env.put("REDIS_URL", redis.uri());
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
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void a_flushall_under_load_is_caught_by_the_marker_and_the_counters_end_equal_to_the_oracle() throws Exception {
        // given calls being published, counted on whole counters
        CounterLoad load = new CounterLoad(new Random(7), 600, "flush", 3);
        int flushAt = load.size() * 2 / 5;
        load.publish(sns, 0, flushAt);
        SupervisedProcessTest.await(() -> healthOf("counters").path("status").asText().equals("up"));

        long before = CounterLoad.total(load.live(http, local.httpPort(), new boolean[1]));

        // when Redis is flushed while the rest is published
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        Future<?> rest = publisher.submit(() -> load.publish(sns, flushAt, load.size()));
        RedisClient client = RedisClient.create(redis.uri());
        long faultAt;
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushall();
            faultAt = System.nanoTime();
        } finally {
            client.shutdown();
        }
        // a measurement, not a check: the counts /live lost to the flush (before the guard's next check)
        boolean[] seen = new boolean[1];
        long after = CounterLoad.total(load.live(http, local.httpPort(), seen));
        System.out.printf("flush: /live summed %d counts before the FLUSHALL, %d right after (rebuilding: %s)%n",
                before, after, seen[0]);
        rest.get(2, TimeUnit.MINUTES);
        publisher.shutdown();
        long publishedAt = System.nanoTime();

        // then without anyone acting the counters are rebuilt: /live equals the oracle and is not "rebuilding"
        boolean[] rebuilding = new boolean[1];
        long[] worst = new long[2];
        SupervisedProcessTest.await(() -> {
            try {
                rebuilding[0] = false;
                var live = load.live(http, local.httpPort(), rebuilding);
                worst[0] = Math.max(worst[0], load.shortfall(live));
                worst[1] = Math.max(worst[1], load.excess(live));
                return live.equals(load.expected()) && !rebuilding[0];
            } catch (Exception e) {
                return false;
            }
        });
        System.out.printf("%s: publishing ended %d ms after the fault, counters exact and whole %d ms later; polled /live at worst %d below the "
                + "truth, %d above%n", "flush", (publishedAt - faultAt) / 1_000_000,
                (System.nanoTime() - publishedAt) / 1_000_000, worst[0], worst[1]);
        assertThat(load.live(http, local.httpPort(), rebuilding)).isEqualTo(load.expected());
        assertThat(worst[1]).as("counts above the truth seen at any time").isZero();
        // and /health tells what happened
        JsonNode counters = healthOf("counters");
        assertThat(counters.path("status").asText()).isEqualTo("up");
        assertThat(counters.path("lastError").asText()).contains("marker absent");
        assertThat(counters.path("lastErrorAt").isTextual()).isTrue();
    }

    @Test
    void live_says_rebuilding_while_the_marker_is_absent() throws Exception {
        // given a campaign counted, and the guard kept from rebuilding (the marker is "being rebuilt" by someone else)
        load(1);
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set(CounterKeys.marker(), "rebuilding:someone-else");

            // then /live says so, and /health shows the counters recovering
            JsonNode live = JSON.readTree(get("/campaigns/one-camp-0/live").body());
            assertThat(live.path("rebuilding").asBoolean()).isTrue();
            SupervisedProcessTest.await(() -> healthOf("counters").path("status").asText().equals("recovering"));
            assertThat(get("/health").statusCode()).isEqualTo(503);

            // and once the marker says whole again, not
            connection.sync().set(CounterKeys.marker(), "ok:someone-else");
            assertThat(JSON.readTree(get("/campaigns/one-camp-0/live").body()).path("rebuilding").asBoolean()).isFalse();
        } finally {
            client.shutdown();
        }
    }

    private void load(int calls) {
        CounterLoad load = new CounterLoad(new Random(1), calls, "one", 1);
        load.publish(sns, 0, load.size());
    }

    private JsonNode healthOf(String component) {
        try {
            return JSON.readTree(get("/health").body()).path("components").path(component);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
