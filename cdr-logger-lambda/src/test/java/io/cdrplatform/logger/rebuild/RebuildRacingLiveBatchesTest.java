package io.cdrplatform.logger.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.logger.CallScenarios;
import io.cdrplatform.logger.Deliveries;
import io.cdrplatform.logger.RecordingMetrics;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.logger.TestServers;
import io.cdrplatform.store.redis.CounterKeys;
import io.cdrplatform.store.redis.CountersMarker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rebuild that overlaps live batches ends with counters equal to MongoDB's calls, with no pause of
 * the traffic: live batches and {@code rebuild-counters} run at once, with random timings (each seed
 * its own delays, batch sizes and start of the rebuild), against real servers.
 */
class RebuildRacingLiveBatchesTest {

    private static TestServers servers;
    private MongoDatabase database;

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @BeforeEach
    void setUp() {
        servers.flushRedis();
        database = servers.freshDatabase();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aRebuildRacingLiveBatchesEndsExact(long seed) throws Exception {
        // given calls whose first 40% of deliveries (shuffled, some twice) are stored and counted, then the
        // counters wiped (as a FLUSHALL would) and made wrong (a made-up count the rebuild must remove)
        Random random = new Random(seed);
        CallScenarios scenarios = CallScenarios.generate(random, 300, "race" + seed);
        List<String> deliveries = scenarios.shuffledWithDuplicates(random, 0.3);
        SqsEventHandler handler = new SqsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(),
                new RecordingMetrics());
        int split = deliveries.size() * 2 / 5;
        deliver(handler, deliveries.subList(0, split), random, 0);
        servers.redisCommands().flushall();
        servers.redisCommands().set(CounterKeys.counter("camp-a", io.cdrplatform.core.counter.Counter.BUSY), "999");

        // when the remaining deliveries go on while rebuild-counters runs, started at a random moment
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int startAfterBatches = random.nextInt(6);
        CompletableFuture<Void> started = new CompletableFuture<>();
        long liveSeed = random.nextLong();
        Future<?> live = threads.submit(() -> {
            Random liveRandom = new Random(liveSeed);
            List<String> rest = deliveries.subList(split, deliveries.size());
            int i = 0;
            int batches = 0;
            while (i < rest.size()) {
                int size = 1 + liveRandom.nextInt(30);
                assertThat(handler.handleRequest(Deliveries.sqs(rest.subList(i, Math.min(rest.size(), i + size)), false),
                        null).getBatchItemFailures()).isEmpty();
                i += size;
                if (++batches == startAfterBatches) {
                    started.complete(null);
                }
                pause(liveRandom);
            }
            started.complete(null);
            return null;
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Future<Integer> rebuild = threads.submit(() -> {
            started.get();
            return run(new PrintStream(out, true, StandardCharsets.UTF_8));
        });
        live.get(2, TimeUnit.MINUTES);
        int status = rebuild.get(2, TimeUnit.MINUTES);
        threads.shutdown();

        // then the counters are exactly the contract's for every call, and the marker says whole
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(servers.counters()).isEqualTo(scenarios.expectedCounters());
        assertThat(servers.actionTypeIndexes()).isEqualTo(scenarios.expectedActionTypeIndexes());
        assertThat(CountersMarker.parse(servers.redisCommands().get(CounterKeys.marker())).state())
                .isEqualTo(CountersMarker.State.WHOLE);

        // and redelivering everything afterwards counts nothing twice
        deliver(handler, deliveries, random, 0);
        assertThat(servers.counters()).isEqualTo(scenarios.expectedCounters());
    }

    private static void pause(Random random) {
        try {
            Thread.sleep(random.nextInt(4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deliver(SqsEventHandler handler, List<String> deliveries, Random random, int pauseMillis) {
        for (int i = 0; i < deliveries.size(); i += 25) {
            assertThat(handler.handleRequest(Deliveries.sqs(deliveries.subList(i, Math.min(deliveries.size(), i + 25)),
                    random.nextBoolean()), null).getBatchItemFailures()).isEmpty();
        }
    }

    private int run(PrintStream out) {
        return RebuildCountersCommand.run(new String[] {"rebuild-counters"}, Map.of(
                "MONGODB_URI", servers.mongoServer.connectionString(),
                "MONGODB_DATABASE", database.getName(),
                "REDIS_HOST", "127.0.0.1",
                "REDIS_PORT", Integer.toString(servers.redisServer.port())), out, out);
    }
}
