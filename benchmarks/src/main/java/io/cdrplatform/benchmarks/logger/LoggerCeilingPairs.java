package io.cdrplatform.benchmarks.logger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.mongodb.client.model.BulkWriteOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import com.mongodb.client.model.UpdateOneModel;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;

/**
 * The handler-to-ceiling ratio of {@link LoggerBatchBenchmark}, measured in pairs: one JVM, one
 * MongoDB emulator, one redis-server; each round times one 1,000-event handler batch and, right
 * after it, one ceiling bulk write of the next batch's documents (built beforehand, untimed), and the
 * same bare write split into concurrent parts as the handler's store splits its write (a second
 * collection, its own copy of the stream). All three of a round see the same machine load, which on a shared machine differs a lot between the
 * separate JMH forks of {@code handlerBatch} and {@code storeCeiling} minutes apart.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar -Dlog4j2.configurationFile=log4j2-benchmarks.xml
 * -Xmx4g io.cdrplatform.benchmarks.logger.LoggerCeilingPairs [warm-up rounds] [measured rounds]}
 * (defaults 200 and 400).
 */
public final class LoggerCeilingPairs {

    private LoggerCeilingPairs() {
    }

    public static void main(String[] args) throws IOException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        LoggerBatchBenchmark.Servers servers = new LoggerBatchBenchmark.Servers();
        servers.start();
        try {
            LoggerBatchBenchmark.HandlerBatch handler = new LoggerBatchBenchmark.HandlerBatch();
            handler.setUp(servers);
            LoggerBatchBenchmark.CeilingBatch ceiling = new LoggerBatchBenchmark.CeilingBatch();
            ceiling.setUp(servers);
            // The same bare write split as the handler's store splits its write: concurrent parts.
            LoggerBatchBenchmark.CeilingBatch split = new LoggerBatchBenchmark.CeilingBatch();
            split.setUp(servers, "bench_ceiling_split");
            ExecutorService parts = Executors.newFixedThreadPool(MongoCallRecordStore.DEFAULT_READ_PARALLELISM - 1);
            BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
            double[] handlerMs = new double[rounds];
            double[] ceilingMs = new double[rounds];
            double[] splitMs = new double[rounds];
            double[] readMs = new double[rounds];
            double[] writeMs = new double[rounds];
            double[] redisMs = new double[rounds];
            double loadBefore = load();
            for (int round = -warmup; round < rounds; round++) {
                handler.nextBatch();
                long read = handler.times.loadNanos;
                long write = handler.times.writeNanos;
                long redis = handler.times.countersNanos;
                long start = System.nanoTime();
                SQSBatchResponse response = handler.handler.handleRequest(handler.next, null);
                long handlerNanos = System.nanoTime() - start;
                read = handler.times.loadNanos - read;
                write = handler.times.writeNanos - write;
                redis = handler.times.countersNanos - redis;
                handler.count();
                if (!response.getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException(response.getBatchItemFailures().size() + " messages not stored");
                }
                ceiling.nextBatch();
                start = System.nanoTime();
                ceiling.collection.bulkWrite(ceiling.next, unordered);
                long ceilingNanos = System.nanoTime() - start;
                ceiling.count();
                split.nextBatch();
                start = System.nanoTime();
                writeInParts(split, parts, unordered);
                long splitNanos = System.nanoTime() - start;
                split.count();
                if (round >= 0) {
                    splitMs[round] = splitNanos / 1e6;
                    handlerMs[round] = handlerNanos / 1e6;
                    ceilingMs[round] = ceilingNanos / 1e6;
                    readMs[round] = read / 1e6;
                    writeMs[round] = write / 1e6;
                    redisMs[round] = redis / 1e6;
                }
                if ((round + warmup + 1) % 100 == 0) {
                    handler.report();
                    ceiling.report();
                }
            }
            double loadAfter = load();
            double[] ratios = new double[rounds];
            double[] splitRatios = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratios[i] = ceilingMs[i] / handlerMs[i];
                splitRatios[i] = splitMs[i] / handlerMs[i];
            }
            parts.shutdown();
            System.out.printf("%npairs: %d warm-up + %d measured rounds, load average %.2f -> %.2f%n", warmup, rounds,
                    loadBefore, loadAfter);
            System.out.printf("handler batch: mean %.1f ms, median %.1f ms (medians: MongoDB read %.1f, MongoDB bulk write"
                            + " incl. building %.1f, Redis %.1f)%n", mean(handlerMs), median(handlerMs), median(readMs),
                    median(writeMs), median(redisMs));
            System.out.printf("ceiling bulk write: mean %.1f ms, median %.1f ms%n", mean(ceilingMs), median(ceilingMs));
            System.out.printf("ceiling / handler: of the means %.0f%%, median of the pairs %.0f%% (quartiles %.0f%% - %.0f%%)%n",
                    100 * mean(ceilingMs) / mean(handlerMs), 100 * median(ratios), 100 * quantile(ratios, 0.25),
                    100 * quantile(ratios, 0.75));
            System.out.printf("ceiling split as the store splits its write (%d concurrent parts): mean %.1f ms, median %.1f ms;"
                            + " / handler: of the means %.0f%%, median of the pairs %.0f%%%n",
                    MongoCallRecordStore.DEFAULT_READ_PARALLELISM, mean(splitMs), median(splitMs),
                    100 * mean(splitMs) / mean(handlerMs), 100 * median(splitRatios));
        } finally {
            servers.stop();
        }
    }

    /** The batch's upserts in the store's parts, all but the first on {@code parts}, awaited together. */
    private static void writeInParts(LoggerBatchBenchmark.CeilingBatch batch, ExecutorService parts,
                                     BulkWriteOptions unordered) {
        List<List<UpdateOneModel<Document>>> chunks = MongoCallRecordStore.parts(batch.next);
        List<Future<?>> others = new ArrayList<>();
        for (List<UpdateOneModel<Document>> chunk : chunks.subList(1, chunks.size())) {
            others.add(parts.submit(() -> batch.collection.bulkWrite(chunk, unordered)));
        }
        batch.collection.bulkWrite(chunks.get(0), unordered);
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
