package io.cdrplatform.benchmarks.logger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.cdrplatform.benchmarks.TempDirs;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.embeddedmongo.AdvertisedVersion;
import io.cdrplatform.embeddedmongo.EmulatorBackends;
import io.cdrplatform.embeddedmongo.H2StoreFile;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.h2.mvstore.MVStore;

/**
 * The cdr-logger's 1,000-event SQS batch on cdr-local's embedded store (mongo-java-server on an H2 file,
 * committed after each batch as cdr-local does) with the secondary indexes maintained
 * ({@code {campaignId: 1, startTime: -1}}, {@code startTime}, TTL {@code createdAt}, besides the unique
 * ones) against mongo-java-server's own H2 backend, which ignores them. Both stores get the same batches,
 * alternately (so they share the machine's load), each its own Redis database.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.logger.IndexMaintenanceBenchmark
 * [batches=100] [warmup=20]}
 */
public final class IndexMaintenanceBenchmark {

    private IndexMaintenanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, load average at start %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), load());
        Path root = Files.createTempDirectory("index-maintenance-");
        try (EmbeddedRedisServer redisServer = EmbeddedRedisServer.start();
             Logger indexed = Logger.start(root.resolve("indexed.mv"), true, redisServer.uri() + "/1");
             Logger plain = Logger.start(root.resolve("plain.mv"), false, redisServer.uri() + "/2")) {
            EventStream stream = new EventStream(LoggerBatchBenchmark.SEED, LoggerBatchBenchmark.CONCURRENT_CALLS);
            long[] withIndexes = new long[batches];
            long[] without = new long[batches];
            for (int i = -warmup; i < batches; i++) {
                SQSEvent batch = SqsBatches.of(SqsBatches.json(stream.next(LoggerBatchBenchmark.BATCH)));
                long a = indexed.handle(batch);
                long b = plain.handle(batch);
                if (i >= 0) {
                    withIndexes[i] = a;
                    without[i] = b;
                }
            }
            long cdrs = indexed.client.getDatabase("campaign_system").getCollection("call_records").countDocuments();
            System.out.printf(Locale.ROOT, "%,d batches of %,d events after %d warm-up batches; %,d CDRs in each store at the end;"
                    + " load average at the end %.2f%n", batches, LoggerBatchBenchmark.BATCH, warmup, cdrs, load());
            System.out.println("| store | p50 ms | p90 ms | max ms |");
            System.out.println("|---|---|---|---|");
            System.out.println(row("secondary indexes maintained", withIndexes));
            System.out.println(row("mongo-java-server's H2 backend (secondary indexes ignored)", without));
            System.out.printf(Locale.ROOT, "ratio of the p50s: %.2fx%n", (double) percentile(withIndexes, 50) / percentile(without, 50));
        } finally {
            TempDirs.deleteTree(root);
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String row(String name, long[] nanos) {
        return String.format(Locale.ROOT, "| %s | %,.1f | %,.1f | %,.1f |", name, percentile(nanos, 50) / 1e6,
                percentile(nanos, 90) / 1e6, percentile(nanos, 100) / 1e6);
    }

    private static long percentile(long[] values, int percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    /** The logger's SQS handler over one store, as cdr-local runs it (the {_id, version} index, a commit per batch). */
    private record Logger(H2Backend backend, MongoServer server, MongoClient client, RedisClient redis,
                          SqsEventHandler handler) implements AutoCloseable {

        static Logger start(Path file, boolean withSecondaryIndexes, String redisUri) {
            MVStore mvStore = H2StoreFile.open(file, (thread, failure) -> { });
            H2Backend backend;
            if (withSecondaryIndexes) {
                backend = EmulatorBackends.onH2(mvStore);
            } else {
                backend = new H2Backend(mvStore);
                backend.version(AdvertisedVersion.CURRENT);
            }
            MongoServer server = new MongoServer(backend);
            InetSocketAddress address = server.bind();
            MongoClient client = StoreClients.mongo("mongodb://" + address.getHostString() + ":" + address.getPort(),
                    Duration.ofSeconds(30), "cdr-logger");
            RedisClient redis = StoreClients.redis(redisUri, Duration.ofSeconds(2), Duration.ofSeconds(30));
            MongoCallRecordStore store = new MongoCallRecordStore(client.getDatabase("campaign_system"), 365 * 86_400L, true,
                    Clock.systemUTC());
            RedisCallCounters counters = new RedisCallCounters(new RedisConnector(redis), Duration.ofDays(15),
                    Duration.ofSeconds(30));
            CallEventIngestor ingestor = new CallEventIngestor(new CallEventCodec(), new CdrFold(Tariff.defaults()), store,
                    counters);
            return new Logger(backend, server, client, redis, new SqsEventHandler(new CdrLogger(ingestor, CdrLoggerMetrics.NONE)));
        }

        /** Handles one batch and commits it to disk; returns the nanoseconds taken. */
        long handle(SQSEvent batch) {
            long start = System.nanoTime();
            SQSBatchResponse response = handler.handleRequest(batch, null);
            backend.commit();
            long nanos = System.nanoTime() - start;
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException(response.getBatchItemFailures().size() + " events failed");
            }
            return nanos;
        }

        @Override
        public void close() {
            redis.shutdown();
            client.close();
            server.shutdownNow();
        }
    }
}
