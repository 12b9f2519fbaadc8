package io.cdrplatform.benchmarks.logger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.mongodb.client.model.BulkWriteOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The handler-to-ceiling ratio of {@link LoggerBatchBenchmark}, measured in pairs: one JVM, one
 * MongoDB emulator, one redis-server; each round times one 1,000-event handler batch and, right
 * after it, one ceiling bulk write of the next batch's documents (built beforehand, untimed). Both
 * halves of a pair see the same machine load, which on a shared machine differs a lot between the
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
            BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
            double[] handlerMs = new double[rounds];
            double[] ceilingMs = new double[rounds];
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
                if (round >= 0) {
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
            for (int i = 0; i < rounds; i++) {
                ratios[i] = ceilingMs[i] / handlerMs[i];
            }
            System.out.printf("%npairs: %d warm-up + %d measured rounds, load average %.2f -> %.2f%n", warmup, rounds,
                    loadBefore, loadAfter);
            System.out.printf("handler batch: mean %.1f ms, median %.1f ms (medians: MongoDB read %.1f, MongoDB bulk write"
                            + " incl. building %.1f; Redis %.1f on the counter thread, overlapping the writes)%n", mean(handlerMs), median(handlerMs), median(readMs),
                    median(writeMs), median(redisMs));
            System.out.printf("ceiling bulk write: mean %.1f ms, median %.1f ms%n", mean(ceilingMs), median(ceilingMs));
            System.out.printf("ceiling / handler: of the means %.0f%%, median of the pairs %.0f%% (quartiles %.0f%% - %.0f%%)%n",
                    100 * mean(ceilingMs) / mean(handlerMs), 100 * median(ratios), 100 * quantile(ratios, 0.25),
                    100 * quantile(ratios, 0.75));
        } finally {
            servers.stop();
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
