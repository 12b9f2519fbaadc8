package io.cdrplatform.benchmarks.bridge;

import io.cdrplatform.benchmarks.TempDirs;

import io.cdrplatform.bridge.AvayaBridge;
import io.cdrplatform.bridge.BridgeConfig;
import io.cdrplatform.bridge.sns.SnsClients;
import io.cdrplatform.bridge.spool.Spool;
import io.cdrplatform.core.avaya.AvayaCallEvents;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.snslocal.SnsEndpoint;
import io.cdrplatform.snslocal.SnsEndpointConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Load driver: the time the bridge takes to drain 100,000 spooled lines into the project's SNS
 * endpoint (the real bridge: spool reader, event JSON, concurrent {@code PublishBatch} of 10 through
 * the AWS SDK), beside a naive baseline publishing one line per {@code Publish} call, in sequence.
 * The endpoint runs in the same JVM with a counting subscriber.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.bridge.SpoolDrainBenchmark
 * [lines=100000] [naiveLines=3000]}
 */
public final class SpoolDrainBenchmark {

    private static final String TOPIC = SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN;

    private SpoolDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int naiveLines = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        AtomicLong received = new AtomicLong();
        try (SnsEndpoint sns = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0),
                batch -> received.addAndGet(batch.size())).start()) {
            Path root = Files.createTempDirectory("bridge-drain-");
            double seconds;
            try {
                drain(root.resolve("warmup"), sns, received, Math.min(lines, 20_000));
                seconds = drain(root.resolve("run"), sns, received, lines);
            } finally {
                TempDirs.deleteTree(root);
            }
            System.out.printf("bridge drained %,d spooled lines into SNS in %.2f s (%,.0f lines/s)%n", lines, seconds,
                    lines / seconds);

            double naiveRate = naive(sns, received, naiveLines);
            System.out.printf("naive (one Publish per line, sequential): %,.0f lines/s over %,d lines -> %.1f s for %,d%n",
                    naiveRate, naiveLines, lines / naiveRate, lines);
            System.out.printf("RESULT drain %,d lines: %.2f s (%,.0f lines/s); naive %,.0f lines/s (%.1f s); ratio %.1fx%n",
                    lines, seconds, lines / seconds, naiveRate, lines / naiveRate, (lines / seconds) / naiveRate);
        }
    }

    /** Fills a spool, then starts the real bridge on it and times until SNS has every line. */
    static double drain(Path spoolDir, SnsEndpoint sns, AtomicLong received, int lines) throws Exception {
        try (Spool spool = Spool.open(spoolDir, 16L * 1024 * 1024, List.of("sns"))) {
            for (int i = 0; i < lines; i += 1_000) {
                List<String> batch = new ArrayList<>();
                for (int j = i; j < Math.min(lines, i + 1_000); j++) {
                    batch.add(PbxLines.line(j));
                }
                spool.append(Instant.now(), batch).get(30, TimeUnit.SECONDS);
            }
        }
        BridgeConfig config = BridgeConfig.fromEnv(Map.of(
                "SNS_TOPIC_ARN", TOPIC,
                "AWS_ENDPOINT_URL_SNS", sns.endpointUri().toString(),
                "NET_SOCKET_ADDR", "127.0.0.1", "NET_SOCKET_PORT", "0",
                "BRIDGE_HEALTH_ADDR", "127.0.0.1", "BRIDGE_HEALTH_PORT", "0",
                "SPOOL_DIR", spoolDir.toString()));
        long before = received.get();
        try (SnsClient client = SnsClients.create(config, credentials())) {
            long start = System.nanoTime();
            try (AvayaBridge bridge = new AvayaBridge(config, client, Clock.systemUTC()).start()) {
                while (received.get() - before < lines) {
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (bridge.health().spoolDepth() != 0 && received.get() - before == lines) {
                    Thread.sleep(300); // the cursor is persisted a moment after the last publish
                }
                return seconds;
            }
        }
    }

    /** Baseline: each line its own Publish call, one after the other, through the same SDK client. */
    static double naive(SnsEndpoint sns, AtomicLong received, int lines) throws Exception {
        BridgeConfig config = BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", TOPIC,
                "AWS_ENDPOINT_URL_SNS", sns.endpointUri().toString()));
        AvayaRecordParser parser = new AvayaRecordParser(ZoneId.of("UTC"));
        CallEventCodec codec = new CallEventCodec();
        try (SnsClient client = SnsClients.create(config, credentials())) {
            long before = received.get();
            long start = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                var record = ((AvayaParseResult.Parsed) parser.parse(PbxLines.line(i))).record();
                String json = codec.write(AvayaCallEvents.toCallEnded(record, "avaya"));
                client.publish(request -> request.topicArn(TOPIC).message(json));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (received.get() - before != lines) {
                throw new IllegalStateException("naive publish lost messages");
            }
            return lines / seconds;
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    }
}
