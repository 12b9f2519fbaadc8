package io.cdrplatform.benchmarks.endtoend;

import io.cdrplatform.benchmarks.TempDirs;
import io.cdrplatform.reliability.api.ApiClient;
import io.cdrplatform.reliability.calls.CallGenerator;
import io.cdrplatform.reliability.calls.Deliveries;
import io.cdrplatform.reliability.calls.GeneratedCall;
import io.cdrplatform.reliability.calls.GeneratedEvent;
import io.cdrplatform.reliability.local.CdrLocalProcess;
import io.cdrplatform.reliability.local.LocalEnvironment;
import io.cdrplatform.reliability.pbx.AvayaLines;
import io.cdrplatform.reliability.pbx.PbxLink;
import io.cdrplatform.reliability.sns.LoadPublisher;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Load driver for the whole pipeline as a user runs it: the runnable cdr-local as a child process,
 * driven through its public faces only (the AWS SDK against its SNS endpoint, TCP as the PBX, HTTP
 * to its API). For each store setup (cdr-local's embedded on-disk stores, as shipped; then external
 * in-memory MongoDB wire server and redis-server, to see the pipeline without the embedded store's
 * cost) it measures:
 * <ul>
 *   <li>events/s sustained from SNS into MongoDB and Redis (a publish is acknowledged only once stored
 *       and counted): 10,000 calls' events, 35% redelivered, shuffled, four threads of
 *       {@code PublishBatch} of 10; beside the naive producer, one {@code Publish} per event; and both
 *       again with 16 threads;</li>
 *   <li>the delay from publish to visible CDR ({@code GET /calls/{id}} answers 200), p50/p99, while
 *       the batch load runs and on an idle system;</li>
 *   <li>bridge lines/s end to end: 100,000 records over four PBX connections until all are CDRs.</li>
 * </ul>
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.endtoend.EndToEndBenchmark
 * [cdr-local.jar=cdr-local/target/cdr-local.jar] [calls=10000] [bridgeLines=100000] [setups=embedded,external]}
 */
public final class EndToEndBenchmark {

    private static final int THREADS = 4;
    private static final int WIDE = 16;
    private static final Instant DAY = Instant.parse("2024-05-06T00:00:00Z");

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cdr-local/target/cdr-local.jar");
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int bridgeLines = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        List<String> setups = List.of((args.length > 3 ? args[3] : "embedded,external").split(","));
        System.out.printf("machine: %d cores, %s %s, load average at start %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (String setup : setups) {
            run(setup.trim(), jar, calls, bridgeLines);
        }
    }

    private static void run(String setup, Path jar, int calls, int bridgeLines) throws Exception {
        Path root = Files.createTempDirectory("end-to-end-");
        EmbeddedMongo mongo = null;
        EmbeddedRedisServer redis = null;
        LocalEnvironment env = LocalEnvironment.onFreePorts(root.resolve("data"));
        if (setup.equals("external")) {
            mongo = EmbeddedMongo.start();
            redis = EmbeddedRedisServer.start();
            env = env.with("MONGODB_URI", mongo.connectionString()).with("REDIS_URL", redis.uri())
                    .with("CALL_RECORDS_VERSION_INDEX", "true");
        } else if (!setup.equals("embedded")) {
            throw new IllegalArgumentException("setup must be embedded or external: " + setup);
        }
        System.out.printf("%n== setup: %s%n", setup.equals("embedded")
                ? "cdr-local as shipped: embedded MongoDB wire server on H2 (disk, committed before each acknowledgement) "
                        + "and embedded redis-server (append-only file)"
                : "cdr-local with MONGODB_URI = in-memory MongoDB wire server and REDIS_URL = redis-server (both in the "
                        + "driver's JVM / a child process, no disk)");
        try (CdrLocalProcess cdrLocal = new CdrLocalProcess(jar, env, root.resolve("cdr-local.log"), List.of()).start();
             SnsClient probeClient = snsClient(env)) {
            ApiClient api = new ApiClient(env.httpApi());
            CallGenerator generator = new CallGenerator(5L, DAY, setup + "-");

            // warm-up: JIT of both JVMs, store files, connection pools
            publish(env, LoadPublisher.Mode.BATCH, THREADS, messages(generator.generate(2_000, List.of("warm")), new Random(1)));
            Histogram idle = latency(probeClient, api, 100, null);
            report("publish -> visible CDR, idle (%d probes)", idle);

            // PublishBatch under load, with latency probes alongside
            List<String> load = messages(generator.generate(calls, List.of("load-a", "load-b", "load-c", "load-d")),
                    new Random(2));
            AtomicBoolean loading = new AtomicBoolean(true);
            CompletableFuture<Histogram> underLoad = CompletableFuture.supplyAsync(() -> latency(probeClient, api,
                    Integer.MAX_VALUE, loading));
            double batchRate = publish(env, LoadPublisher.Mode.BATCH, THREADS, load);
            loading.set(false);
            System.out.printf("PublishBatch of 10, %d threads: %,d messages (%,d calls' events, 35%% redelivered) "
                    + "stored and counted: %,.0f events/s%n", THREADS, load.size(), calls, batchRate);
            report("publish -> visible CDR, under the PublishBatch load (%d probes)", underLoad.get());

            // the naive producer: one Publish per event, same threads, a third of the calls
            List<String> naive = messages(generator.generate(calls / 3, List.of("naive")), new Random(3));
            double naiveRate = publish(env, LoadPublisher.Mode.SINGLE, THREADS, naive);
            System.out.printf("naive, one Publish per event, %d threads: %,d messages: %,.0f events/s -> PublishBatch is "
                    + "%.2fx%n", THREADS, naive.size(), naiveRate, batchRate / naiveRate);

            // more producers in parallel: the endpoint merges concurrent publishes into one logger batch (up to 100)
            List<String> wide = messages(generator.generate(calls / 2, List.of("wide")), new Random(4));
            double wideBatchRate = publish(env, LoadPublisher.Mode.BATCH, WIDE, wide);
            List<String> wideNaive = messages(generator.generate(calls / 3, List.of("wide-naive")), new Random(5));
            double wideNaiveRate = publish(env, LoadPublisher.Mode.SINGLE, WIDE, wideNaive);
            System.out.printf("%d threads: PublishBatch %,d messages at %,.0f events/s; one Publish per event %,d messages "
                    + "at %,.0f events/s -> %.2fx%n", WIDE, wide.size(), wideBatchRate, wideNaive.size(), wideNaiveRate,
                    wideBatchRate / wideNaiveRate);

            if (bridgeLines > 0) {
                bridge(env, api, bridgeLines);
            }
            System.out.printf("embedded MongoDB file after the run: %s%n", setup.equals("embedded")
                    ? String.format("%,d MB", Files.size(root.resolve("data/mongo/mongo.mv")) / 1_000_000) : "n/a");
        } finally {
            if (mongo != null) {
                mongo.stop();
            }
            if (redis != null) {
                redis.stop();
            }
            TempDirs.deleteTree(root);
        }
    }

    private static List<String> messages(List<GeneratedCall> calls, Random random) {
        List<GeneratedEvent> events = calls.stream().flatMap(call -> call.events().stream()).toList();
        return Deliveries.of(events, 0.35, random).messages();
    }

    /** Publishes everything and answers the rate of acknowledged messages per second. */
    private static double publish(LocalEnvironment env, LoadPublisher.Mode mode, int threads, List<String> messages)
            throws InterruptedException {
        try (LoadPublisher publisher = new LoadPublisher(env.snsEndpoint(), LocalEnvironment.TOPIC_ARN, threads, mode)) {
            long start = System.nanoTime();
            publisher.publishAll(messages);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (publisher.failedCalls() > 0 || !publisher.refused().isEmpty()) {
                System.out.printf("  (%d failed calls, %d refused messages: %s)%n", publisher.failedCalls(),
                        publisher.refused().size(), publisher.failureKinds());
            }
            return messages.size() / seconds;
        }
    }

    /**
     * Publishes one fresh call at a time and times until {@code GET /calls/{id}} shows it; runs
     * {@code probes} times, or while {@code running} holds.
     */
    private static Histogram latency(SnsClient sns, ApiClient api, int probes, AtomicBoolean running) {
        Histogram histogram = new Histogram(3);
        String prefix = "probe-" + System.nanoTime() + "-";
        for (int i = 0; i < probes && (running == null || running.get()); i++) {
            String callId = prefix + i;
            String event = "{\"callId\":\"" + callId + "\",\"campaignId\":\"probes\",\"eventType\":\"call_initiated\","
                    + "\"timestamp\":\"" + Instant.now() + "\"}";
            long start = System.nanoTime();
            sns.publish(r -> r.topicArn(LocalEnvironment.TOPIC_ARN).message(event));
            while (api.get("/calls/" + callId).status() != 200) {
                Thread.onSpinWait();
            }
            histogram.recordValue((System.nanoTime() - start) / 1_000);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return histogram;
    }

    private static void report(String what, Histogram histogram) {
        System.out.printf(what + ": p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0);
    }

    /** 100,000 records over four PBX links, as fast as TCP takes them, until every one is a CDR. */
    private static void bridge(LocalEnvironment env, ApiClient api, int lines) throws Exception {
        List<AvayaLines.Record> records = AvayaLines.records(17L, lines);
        List<ByteArrayOutputStream> streams = new ArrayList<>();
        for (int c = 0; c < THREADS; c++) {
            streams.add(new ByteArrayOutputStream());
        }
        for (int i = 0; i < records.size(); i++) {
            streams.get(i % THREADS).writeBytes(records.get(i).bytes());
        }
        ApiClient health = new ApiClient(env.bridgeHealth().resolve("/"));
        long start = System.nanoTime();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (ByteArrayOutputStream stream : streams) {
            byte[] bytes = stream.toByteArray();
            senders.add(CompletableFuture.runAsync(() -> {
                try (PbxLink link = PbxLink.connect("127.0.0.1", env.pbxPort(), Duration.ofSeconds(10))) {
                    link.write(bytes);
                    link.flush();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
        while (health.getJson("/health").path("linesReceived").asLong() < lines) {
            Thread.sleep(20);
        }
        double acceptedSeconds = (System.nanoTime() - start) / 1e9;
        while (api.getJson("/campaigns/avaya/live").path("totalAttempts").asLong() < lines) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("bridge, %d PBX links: %,d lines accepted (fsync'ed) in %.1f s (%,.0f lines/s); all %,d visible as "
                + "CDRs after %.1f s: %,.0f lines/s end to end%n", THREADS, lines, acceptedSeconds, lines / acceptedSeconds,
                lines, seconds, lines / seconds);
    }

    private static SnsClient snsClient(LocalEnvironment env) {
        return SnsClient.builder()
                .endpointOverride(env.snsEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

}
