package io.cdrplatform.benchmarks.logger;

import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.core.ingest.CallCounters;
import io.cdrplatform.core.ingest.CallEventIngestor;
import io.cdrplatform.core.ingest.CallRecordStore;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.core.ingest.LoadedCalls;
import io.cdrplatform.core.ingest.WriteStatus;
import io.cdrplatform.logger.CdrLogger;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 1,000-event SQS batch through the cdr-logger's SQS handler, against a real MongoDB wire
 * server (mongo-java-server, in this JVM) and a real redis-server, beside:
 * <ul>
 *   <li>{@code naiveBaseline}: the same 1,000 events, one awaited findOneAndUpdate and one awaited
 *       Redis command per counter per event;</li>
 *   <li>{@code storeCeiling}: a bare unordered bulk upsert of the documents the handler writes for
 *       such a batch (same content, same collection indexes), prepared outside the measurement.</li>
 * </ul>
 * The handler and the baseline run twice: on loopback, and through {@link LatencyProxy} hops that
 * add a same-region network round trip ({@value #NETWORK_RTT_MS} ms) in front of both servers, as
 * between a Lambda function and its database and cache.
 * Every benchmark takes the same deterministic event stream. The handler's MongoDB and Redis ports
 * are timed, and the split is printed after each iteration ("where the time goes").
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LoggerBatchBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dlog4j2.configurationFile=log4j2-benchmarks.xml"})
public class LoggerBatchBenchmark {

    static final int BATCH = 1000;
    static final long SEED = 20240603L;
    static final int CONCURRENT_CALLS = 3000;
    /** A same-region VPC hop between a Lambda function and its database or cache. */
    static final long NETWORK_RTT_MS = 1;
    static final Duration NETWORK_RTT = Duration.ofMillis(NETWORK_RTT_MS);

    @State(Scope.Benchmark)
    public static class Servers {
        EmbeddedMongo mongoServer;
        EmbeddedRedisServer redisServer;
        LatencyProxy mongoHop;
        LatencyProxy redisHop;
        MongoClient mongo;
        RedisClient redis;
        MongoClient remoteMongo;
        RedisClient remoteRedis;

        @Setup(Level.Trial)
        public void start() throws java.io.IOException {
            mongoServer = EmbeddedMongo.start();
            redisServer = EmbeddedRedisServer.start();
            mongo = StoreClients.mongo(mongoServer.connectionString(), Duration.ofSeconds(10), "cdr-logger");
            redis = StoreClients.redis(redisServer.uri(), Duration.ofSeconds(2), Duration.ofSeconds(30));
            mongoHop = new LatencyProxy(mongoServer.port(), NETWORK_RTT);
            redisHop = new LatencyProxy(redisServer.port(), NETWORK_RTT);
            remoteMongo = StoreClients.mongo("mongodb://127.0.0.1:" + mongoHop.port(), Duration.ofSeconds(10), "cdr-logger");
            remoteRedis = StoreClients.redis("redis://127.0.0.1:" + redisHop.port(), Duration.ofSeconds(2),
                    Duration.ofSeconds(30));
        }

        @TearDown(Level.Trial)
        public void stop() throws java.io.IOException {
            remoteRedis.shutdown();
            remoteMongo.close();
            redisHop.close();
            mongoHop.close();
            redis.shutdown();
            mongo.close();
            redisServer.stop();
            mongoServer.stop();
        }

        MongoDatabase database(String name) {
            return mongo.getDatabase(name);
        }
    }

    /** The handler as cdr-local runs it on mongo-java-server (with the {_id, version} index), ports timed. */
    @State(Scope.Thread)
    public static class HandlerBatch {
        boolean remote() {
            return false;
        }

        SqsEventHandler handler;
        EventStream stream;
        SQSEvent next;
        final PortTimes times = new PortTimes();
        long batches;
        long handlerNanos;
        long started;
        long cpuNanos;
        long cpuStarted;

        @Setup(Level.Trial)
        public void setUp(Servers servers) {
            MongoDatabase database = (remote() ? servers.remoteMongo : servers.mongo).getDatabase("bench_handler");
            MongoCallRecordStore store = new MongoCallRecordStore(database, 365 * 86_400L, true, Clock.systemUTC());
            RedisCallCounters counters = new RedisCallCounters(
                    new RedisConnector(remote() ? servers.remoteRedis : servers.redis), Duration.ofDays(15),
                    Duration.ofSeconds(30));
            CallEventIngestor ingestor = new CallEventIngestor(new CallEventCodec(), new CdrFold(Tariff.defaults()),
                    times.store(store), times.counters(counters));
            handler = new SqsEventHandler(new CdrLogger(ingestor, CdrLoggerMetrics.NONE));
            stream = new EventStream(SEED, CONCURRENT_CALLS);
        }

        @Setup(Level.Invocation)
        public void nextBatch() {
            next = SqsBatches.of(SqsBatches.json(stream.next(BATCH)));
            cpuStarted = ProcessCpu.nanos();
            started = System.nanoTime();
        }

        @TearDown(Level.Invocation)
        public void count() {
            handlerNanos += System.nanoTime() - started;
            cpuNanos += ProcessCpu.nanos() - cpuStarted;
            batches++;
        }

        @TearDown(Level.Iteration)
        public void report() {
            times.print(remote() ? "handler over a " + NETWORK_RTT.toMillis() + " ms RTT hop" : "handler", batches,
                    handlerNanos, cpuNanos);
            times.reset();
            batches = 0;
            handlerNanos = 0;
            cpuNanos = 0;
        }
    }

    /** The handler across the modelled network hop. */
    @State(Scope.Thread)
    public static class RemoteHandlerBatch extends HandlerBatch {
        @Override
        boolean remote() {
            return true;
        }
    }

    @State(Scope.Thread)
    public static class NaiveBatch {
        NaiveLogger logger;
        EventStream stream;
        List<String> next;

        boolean remote() {
            return false;
        }

        @Setup(Level.Trial)
        public void setUp(Servers servers) {
            logger = new NaiveLogger((remote() ? servers.remoteMongo : servers.mongo).getDatabase("bench_naive")
                    .getCollection(CallRecordCollection.NAME),
                    new RedisConnector(remote() ? servers.remoteRedis : servers.redis).connection().sync());
            stream = new EventStream(SEED, CONCURRENT_CALLS);
        }

        @Setup(Level.Invocation)
        public void nextBatch() {
            next = SqsBatches.json(stream.next(BATCH));
        }
    }

    /** The naive baseline across the modelled network hop. */
    @State(Scope.Thread)
    public static class RemoteNaiveBatch extends NaiveBatch {
        @Override
        boolean remote() {
            return true;
        }
    }

    /** The documents the handler writes for each batch, folded here outside the measurement. */
    @State(Scope.Thread)
    public static class CeilingBatch {
        MongoCollection<Document> collection;
        EventStream stream;
        final CdrFold fold = new CdrFold(Tariff.defaults());
        final Map<String, CallState> states = new HashMap<>();
        final Map<String, Long> versions = new HashMap<>();
        List<UpdateOneModel<Document>> next;
        long documents;
        long batches;
        long cpuNanos;
        long cpuStarted;

        @Setup(Level.Trial)
        public void setUp(Servers servers) {
            setUp(servers, "bench_ceiling");
        }

        void setUp(Servers servers, String databaseName) {
            MongoDatabase database = servers.database(databaseName);
            new MongoCallRecordStore(database, 365 * 86_400L, true, Clock.systemUTC()).ensureIndexes();
            collection = CallRecordCollection.in(database);
            stream = new EventStream(SEED, CONCURRENT_CALLS);
        }

        @Setup(Level.Invocation)
        public void nextBatch() {
            Map<String, List<CallEvent>> byCall = new LinkedHashMap<>();
            for (CallEvent event : stream.next(BATCH)) {
                byCall.computeIfAbsent(event.callId(), id -> new ArrayList<>()).add(event);
            }
            Instant now = Instant.now();
            UpdateOptions upsert = new UpdateOptions().upsert(true);
            next = new ArrayList<>(byCall.size());
            byCall.forEach((callId, events) -> {
                CallState state = fold.applyAll(states.get(callId), events);
                states.put(callId, state);
                long version = versions.merge(callId, 1L, Long::sum);
                next.add(new UpdateOneModel<>(new Document("_id", callId),
                        new Document("$set", CallRecordCodec.setFields(new CallWrite(state, fold.toCdr(state), version - 1), now))
                                .append("$setOnInsert", CallRecordCodec.setOnInsertFields(now)),
                        upsert));
            });
            documents += next.size();
            batches++;
            cpuStarted = ProcessCpu.nanos();
        }

        @TearDown(Level.Invocation)
        public void count() {
            cpuNanos += ProcessCpu.nanos() - cpuStarted;
        }

        @TearDown(Level.Iteration)
        public void report() {
            if (batches > 0) {
                System.out.printf("%nceiling: %d batches, %.1f documents per batch, CPU of this JVM %.1f ms per batch%n",
                        batches, (double) documents / batches, cpuNanos / 1e6 / batches);
            }
            documents = 0;
            batches = 0;
            cpuNanos = 0;
        }
    }

    @Benchmark
    public SQSBatchResponse handlerBatch(HandlerBatch batch) {
        SQSBatchResponse response = batch.handler.handleRequest(batch.next, null);
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException(response.getBatchItemFailures().size() + " messages not stored");
        }
        return response;
    }

    @Benchmark
    public void naiveBaseline(NaiveBatch batch) {
        batch.logger.handle(batch.next);
    }

    @Benchmark
    public SQSBatchResponse handlerBatchOverNetworkHop(RemoteHandlerBatch batch) {
        return handlerBatch(batch);
    }

    @Benchmark
    public void naiveBaselineOverNetworkHop(RemoteNaiveBatch batch) {
        batch.logger.handle(batch.next);
    }

    @Benchmark
    public Object storeCeiling(CeilingBatch batch) {
        return batch.collection.bulkWrite(batch.next, new BulkWriteOptions().ordered(false));
    }

    /** Wall time spent in the handler's MongoDB read, MongoDB write and Redis update. */
    static final class PortTimes {
        volatile long loadNanos;
        volatile long writeNanos;
        volatile long countersNanos;
        volatile long documents;

        CallRecordStore store(CallRecordStore store) {
            return new CallRecordStore() {
                @Override
                public LoadedCalls load(Collection<String> callIds) {
                    long start = System.nanoTime();
                    try {
                        return store.load(callIds);
                    } finally {
                        loadNanos += System.nanoTime() - start;
                    }
                }

                @Override
                public Map<String, WriteStatus> write(List<CallWrite> writes) {
                    long start = System.nanoTime();
                    try {
                        documents += writes.size();
                        return store.write(writes);
                    } finally {
                        writeNanos += System.nanoTime() - start;
                    }
                }
            };
        }

        CallCounters counters(CallCounters counters) {
            return (List<AppliedContribution> contributions) -> {
                long start = System.nanoTime();
                try {
                    counters.apply(contributions);
                } finally {
                    countersNanos += System.nanoTime() - start;
                }
            };
        }

        void print(String name, long batches, long totalNanos, long cpuNanos) {
            if (batches == 0) {
                return;
            }
            double total = totalNanos / 1e6 / batches;
            double load = loadNanos / 1e6 / batches;
            double write = writeNanos / 1e6 / batches;
            double counters = countersNanos / 1e6 / batches;
            double rest = total - load - write - counters;
            System.out.printf("%n%s: %d batches, %.1f documents per batch, per batch %.1f ms = MongoDB read %.1f (%.0f%%)"
                            + " + MongoDB write incl. building documents %.1f (%.0f%%) + Redis %.1f (%.0f%%)"
                            + " + parse/fold/rest %.1f (%.0f%%)%n",
                    name, batches, (double) documents / batches, total, load, 100 * load / total, write,
                    100 * write / total, counters, 100 * counters / total, rest, 100 * rest / total);
            System.out.printf("%s: CPU of this JVM %.1f ms per batch%n", name, cpuNanos / 1e6 / batches);
        }

        void reset() {
            loadNanos = 0;
            writeNanos = 0;
            countersNanos = 0;
            documents = 0;
        }
    }

    /**
     * CPU time of all threads of this JVM (client, in-process MongoDB emulator, GC): unlike wall
     * time, hardly moved by other processes competing for the machine's cores.
     */
    static final class ProcessCpu {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

        private ProcessCpu() {
        }

        static long nanos() {
            return OS.getProcessCpuTime();
        }
    }
}
