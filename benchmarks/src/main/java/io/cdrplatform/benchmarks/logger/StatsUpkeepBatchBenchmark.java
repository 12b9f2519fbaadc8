package io.cdrplatform.benchmarks.logger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.core.stats.bucket.CallStatsBuckets;
import io.cdrplatform.core.stats.bucket.StatsBucketUpkeep;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.mongo.MongoStatsBucketStore;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The stats buckets' cost in the cdr-logger: 1,000-event SQS batches through the handler with
 * bucket upkeep and without it, in one run, alternating batch by batch on the same servers (two
 * databases, two Redis databases, the same deterministic event stream, as in
 * {@code LoggerBatchBenchmark}), on loopback and through a {@value LoggerBatchBenchmark#NETWORK_RTT_MS} ms
 * round-trip hop in front of both servers (a Lambda function and its database in one region).
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * io.cdrplatform.benchmarks.logger.StatsUpkeepBatchBenchmark [batches=60] [warmup=20]}
 */
public final class StatsUpkeepBatchBenchmark {

    private StatsUpkeepBatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (EmbeddedMongo mongoServer = EmbeddedMongo.start()) {
            EmbeddedRedisServer redisServer = EmbeddedRedisServer.start();
            try (LatencyProxy mongoHop = new LatencyProxy(mongoServer.port(), LoggerBatchBenchmark.NETWORK_RTT);
                 LatencyProxy redisHop = new LatencyProxy(redisServer.port(), LoggerBatchBenchmark.NETWORK_RTT)) {
                run("loopback", mongoServer.port(), redisServer.port(), batches, warmup);
                run("over a " + LoggerBatchBenchmark.NETWORK_RTT_MS + " ms RTT hop", mongoHop.port(), redisHop.port(),
                        batches, warmup);
            } finally {
                redisServer.stop();
            }
        }
    }

    private static void run(String where, int mongoPort, int redisPort, int batches, int warmup) {
        try (MongoClient mongo = StoreClients.mongo("mongodb://127.0.0.1:" + mongoPort, Duration.ofSeconds(10), "cdr-logger")) {
            RedisClient redisWith = StoreClients.redis("redis://127.0.0.1:" + redisPort + "/1", Duration.ofSeconds(2),
                    Duration.ofSeconds(30));
            RedisClient redisWithout = StoreClients.redis("redis://127.0.0.1:" + redisPort + "/2", Duration.ofSeconds(2),
                    Duration.ofSeconds(30));
            String suffix = where.startsWith("loop") ? "loop" : "hop";
            SqsEventHandler with = handler(mongo.getDatabase("upkeep_with_" + suffix), redisWith, true);
            SqsEventHandler without = handler(mongo.getDatabase("upkeep_without_" + suffix), redisWithout, false);
            EventStream streamWith = new EventStream(LoggerBatchBenchmark.SEED, LoggerBatchBenchmark.CONCURRENT_CALLS);
            EventStream streamWithout = new EventStream(LoggerBatchBenchmark.SEED, LoggerBatchBenchmark.CONCURRENT_CALLS);
            long[] withNanos = new long[batches];
            long[] withoutNanos = new long[batches];
            for (int i = -warmup; i < batches; i++) {
                SQSEvent a = SqsBatches.of(SqsBatches.json(streamWith.next(LoggerBatchBenchmark.BATCH)));
                SQSEvent b = SqsBatches.of(SqsBatches.json(streamWithout.next(LoggerBatchBenchmark.BATCH)));
                // alternate which goes first, so that neither always runs on a warmer machine
                long tWith;
                long tWithout;
                if ((i & 1) == 0) {
                    tWith = timed(with, a);
                    tWithout = timed(without, b);
                } else {
                    tWithout = timed(without, b);
                    tWith = timed(with, a);
                }
                if (i >= 0) {
                    withNanos[i] = tWith;
                    withoutNanos[i] = tWithout;
                }
            }
            Arrays.sort(withNanos);
            Arrays.sort(withoutNanos);
            double with50 = withNanos[batches / 2] / 1e6;
            double without50 = withoutNanos[batches / 2] / 1e6;
            double withMean = Arrays.stream(withNanos).average().orElse(0) / 1e6;
            double withoutMean = Arrays.stream(withoutNanos).average().orElse(0) / 1e6;
            System.out.printf("%s: 1,000-event batch p50 %.1f ms with bucket upkeep, %.1f ms without: ratio %.2f "
                            + "(means %.1f / %.1f ms: %.2f), %d batches each after %d warm-up%n",
                    where, with50, without50, with50 / without50, withMean, withoutMean, withMean / withoutMean,
                    batches, warmup);
            System.out.println("  " + TIMES.summary(batches + warmup));
            redisWith.shutdown();
            redisWithout.shutdown();
        }
    }

    private static SqsEventHandler handler(MongoDatabase database, RedisClient redis, boolean statsBuckets) {
        // as cdr-local runs it on mongo-java-server (with the {_id, version} index)
        MongoCallRecordStore store = new MongoCallRecordStore(database, 365 * 86_400L, true, Clock.systemUTC());
        RedisCallCounters counters = new RedisCallCounters(new RedisConnector(redis), Duration.ofDays(15),
                Duration.ofSeconds(30));
        CallStatsBuckets buckets = statsBuckets
                ? new StatsBucketUpkeep(TIMES.timed(new MongoStatsBucketStore(database, 365 * 86_400L, Clock.systemUTC())))
                : CallStatsBuckets.NONE;
        return new SqsEventHandler(new CdrLogger(new CallEventIngestor(new CallEventCodec(),
                new CdrFold(Tariff.defaults()), store, counters, buckets, CallEventIngestor.DEFAULT_MAX_WRITE_ATTEMPTS),
                CdrLoggerMetrics.NONE));
    }

    static final StoreTimes TIMES = new StoreTimes();

    /** Wall time in each operation of the bucket store. */
    static final class StoreTimes {
        final long[] nanos = new long[3];
        final long[] calls = new long[3];

        io.cdrplatform.core.stats.bucket.StatsBucketStore timed(io.cdrplatform.core.stats.bucket.StatsBucketStore store) {
            return new io.cdrplatform.core.stats.bucket.StatsBucketStore() {
                @Override
                public java.util.Map<io.cdrplatform.core.stats.bucket.StatsBucketKey, java.util.Map<String,
                        io.cdrplatform.core.stats.bucket.HeldContribution>> read(
                        java.util.Map<io.cdrplatform.core.stats.bucket.StatsBucketKey, java.util.Set<String>> wanted) {
                    long start = System.nanoTime();
                    try {
                        return store.read(wanted);
                    } finally {
                        add(0, start);
                    }
                }

                @Override
                public java.util.Set<io.cdrplatform.core.stats.bucket.StatsBucketKey> write(
                        java.util.List<io.cdrplatform.core.stats.bucket.BucketChange> changes) {
                    long start = System.nanoTime();
                    try {
                        return store.write(changes);
                    } finally {
                        add(1, start);
                    }
                }

                @Override
                public void settle(java.util.Set<io.cdrplatform.core.stats.bucket.StatsBucketKey> buckets) {
                    long start = System.nanoTime();
                    try {
                        store.settle(buckets);
                    } finally {
                        add(2, start);
                    }
                }
            };
        }

        synchronized void add(int operation, long start) {
            nanos[operation] += System.nanoTime() - start;
            calls[operation]++;
        }

        synchronized String summary(int batches) {
            String text = String.format("bucket store per batch: read %.1f ms (%d calls), write %.1f ms (%d), publish %.1f ms (%d)",
                    nanos[0] / 1e6 / batches, calls[0], nanos[1] / 1e6 / batches, calls[1], nanos[2] / 1e6 / batches, calls[2]);
            java.util.Arrays.fill(nanos, 0);
            java.util.Arrays.fill(calls, 0);
            return text;
        }
    }

    private static long timed(SqsEventHandler handler, SQSEvent batch) {
        long start = System.nanoTime();
        SQSBatchResponse response = handler.handleRequest(batch, null);
        long nanos = System.nanoTime() - start;
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException(response.getBatchItemFailures().size() + " messages not stored");
        }
        return nanos;
    }
}
