package io.cdrplatform.benchmarks.local;

import io.cdrplatform.store.callrecords.CallRecordCollection;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.cdrplatform.benchmarks.TempDirs;
import io.cdrplatform.reliability.api.ApiClient;
import io.cdrplatform.reliability.local.CdrLocalProcess;
import io.cdrplatform.reliability.local.LocalEnvironment;
import io.cdrplatform.reliability.sns.LoadPublisher;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.RawBsonDocument;

/**
 * How big cdr-local's embedded MongoDB file gets per stored CDR: the runnable jar as a child process
 * on a fresh data directory, {@code calls} calls of two events each ({@code call_initiated} with
 * contact, phone number and source, then {@code call_ended} with outcome, duration and a little
 * metadata) published through its SNS endpoint ({@code PublishBatch} of 10, 4 threads; each
 * acknowledged only once stored and committed), then the size of {@code DATA_DIR/mongo/mongo.mv}:
 * right after the load, after a few idle seconds, after an orderly stop (SIGTERM), and after a restart
 * on the same directory. Each figure is divided by the CDRs counted in the store. For scale it prints
 * the BSON size of one stored CDR (what a real MongoDB would hold before its own compression).
 *
 * <p>After every 10,000 calls it also times the query API on the idle store (the median of 5 of each):
 * a campaign's first list page ({@code limit=100}; 5% of the CDRs are that campaign's), its stats for
 * one day, and {@code GET /calls/{id}}: written when the embedded store had no secondary index and the
 * first two scanned every CDR, to show up to what size cdr-local's store served comfortably (see
 * {@code IndexedStoreBenchmark} for the store with its indexes).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.local.StoreSizeBenchmark
 * [cdr-local.jar=cdr-local/target/cdr-local.jar] [calls=100000]}
 */
public final class StoreSizeBenchmark {

    private static final int THREADS = 4;
    private static final Instant DAY = Instant.parse("2024-05-06T08:00:00Z");
    private static final String[] OUTCOMES = {"answered", "no_answer", "busy", "voicemail", "converted", "failed"};

    private StoreSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cdr-local/target/cdr-local.jar");
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, load average at start %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path root = Files.createTempDirectory("store-size-");
        Path file = root.resolve("data/mongo/mongo.mv");
        LocalEnvironment env = LocalEnvironment.onFreePorts(root.resolve("data")).with("LOCAL_BRIDGE", "false");
        try (CdrLocalProcess cdrLocal = new CdrLocalProcess(jar, env, root.resolve("cdr-local.log"), List.of()).start()) {
            ApiClient api = new ApiClient(env.httpApi());
            long start = System.nanoTime();
            for (int from = 0; from < calls; from += 10_000) {
                publish(env, messages(from, Math.min(calls, from + 10_000)));
                System.out.printf(Locale.ROOT, "  %,d calls stored: file %s; idle API: list page %s, stats of a day %s, "
                        + "one call %s (load average %.2f)%n", Math.min(calls, from + 10_000), mb(Files.size(file)),
                        medianMillis(api, "/campaigns/campaign-0/cdrs?limit=100"),
                        medianMillis(api, "/campaigns/campaign-0/stats?startDate=2024-05-06&endDate=2024-05-06"),
                        medianMillis(api, "/calls/size-0000020"),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "published %,d calls (%,d events) in %.0f s: %,.0f events/s%n", calls, 2L * calls,
                    seconds, 2.0 * calls / seconds);
            long stored = cdrCount(env);
            report("after the load", Files.size(file), stored);
            Thread.sleep(10_000);
            report("after 10 s idle", Files.size(file), stored);
            Thread.sleep(50_000);
            report("after 60 s idle", Files.size(file), stored);

            long stopStart = System.nanoTime();
            int status = cdrLocal.terminate();
            System.out.printf(Locale.ROOT, "orderly stop (exit %d) took %.1f s%n", status, (System.nanoTime() - stopStart) / 1e9);
            report("after the stop", Files.size(file), stored);

            cdrLocal.start();
            System.out.printf("restarted: ready in %d ms%n", cdrLocal.readyMillis());
            long afterRestart = cdrCount(env);
            report("after the restart", Files.size(file), afterRestart);
            if (afterRestart != calls || stored != calls) {
                System.out.printf("CDR count: %,d after the load, %,d after the restart (expected %,d)%n", stored, afterRestart, calls);
            }
            cdrLocal.terminate();
            report("after the second stop", Files.size(file), afterRestart);
        } finally {
            TempDirs.deleteTree(root);
        }
    }

    /** The two events of each call {@code from} (inclusive) to {@code to}, as SNS messages. */
    static List<String> messages(int from, int to) {
        List<String> messages = new ArrayList<>(2 * (to - from));
        for (int i = from; i < to; i++) {
            String callId = String.format(Locale.ROOT, "size-%07d", i);
            String campaignId = "campaign-" + (i % 20);
            Instant start = DAY.plusSeconds(i * 3L);
            int duration = 5 + (i * 37) % 400;
            String outcome = OUTCOMES[i % OUTCOMES.length];
            messages.add("{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaignId + "\",\"eventType\":\"call_initiated\","
                    + "\"timestamp\":\"" + start + "\",\"contactId\":\"contact-" + (i * 7919L % 1_000_000) + "\","
                    + "\"phoneNumber\":\"+1555" + String.format(Locale.ROOT, "%07d", i) + "\",\"source\":\"asterisk\"}");
            messages.add("{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaignId + "\",\"eventType\":\"call_ended\","
                    + "\"timestamp\":\"" + start.plusSeconds(duration) + "\",\"outcome\":\"" + outcome + "\",\"duration\":"
                    + duration + ",\"metadata\":{\"agent\":\"agent-" + (i % 50) + "\",\"queue\":\"sales\"}}");
        }
        return messages;
    }

    private static void publish(LocalEnvironment env, List<String> messages) throws InterruptedException {
        try (LoadPublisher publisher = new LoadPublisher(env.snsEndpoint(), LocalEnvironment.TOPIC_ARN, THREADS,
                LoadPublisher.Mode.BATCH)) {
            publisher.publishAll(messages);
            if (publisher.failedCalls() > 0 || !publisher.refused().isEmpty()) {
                throw new IllegalStateException(publisher.failedCalls() + " failed calls, " + publisher.refused().size()
                        + " refused messages: " + publisher.failureKinds());
            }
        }
    }

    /** The median of 5 timed GETs (after one untimed), each of which must answer 200. */
    private static String medianMillis(ApiClient api, String pathAndQuery) {
        api.get(pathAndQuery);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            ApiClient.Answer answer = api.get(pathAndQuery);
            millis.add((System.nanoTime() - start) / 1e6);
            if (answer.status() != 200) {
                throw new IllegalStateException(pathAndQuery + " answered " + answer.status() + ": " + answer.body());
            }
        }
        millis.sort(null);
        return String.format(Locale.ROOT, "%,.0f ms", millis.get(2));
    }

    private static long cdrCount(LocalEnvironment env) {
        try (MongoClient client = MongoClients.create(env.mongoUri())) {
            MongoCollection<RawBsonDocument> records = client.getDatabase("campaign_system")
                    .getCollection(CallRecordCollection.NAME, RawBsonDocument.class);
            RawBsonDocument one = records.find().first();
            if (one != null) {
                System.out.printf("one stored CDR is %,d bytes of BSON (%d fields)%n", one.getByteBuffer().remaining(),
                        one.size());
            }
            return records.countDocuments();
        }
    }

    private static void report(String when, long bytes, long cdrs) {
        System.out.printf(Locale.ROOT, "embedded MongoDB file %s: %s for %,d CDRs = %,.0f bytes per CDR%n", when, mb(bytes),
                cdrs, cdrs == 0 ? 0.0 : (double) bytes / cdrs);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MB", bytes / 1e6);
    }

}
