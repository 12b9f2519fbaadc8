package io.cdrplatform.benchmarks.bridge;

import io.cdrplatform.benchmarks.TempDirs;

import io.cdrplatform.bridge.metrics.BridgeMetrics;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.spool.Spool;
import io.cdrplatform.bridge.tcp.AllowedPeers;
import io.cdrplatform.bridge.tcp.PbxServer;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.bridge.records.InterimCalls;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.bridge.records.RecordSetup;
import io.cdrplatform.core.avaya.LineFramer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver: lines/s from TCP clients through the bridge's framing, parsing and fsync'ed spool
 * (the real {@link PbxServer} and {@link Spool}; a line counts once it is committed), beside a naive
 * baseline that reads, parses and writes each line with its own fsync.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.bridge.BridgeIngestBenchmark
 * [lines=1000000] [connections=1] [runs=3] [naiveLines=5000]}
 */
public final class BridgeIngestBenchmark {

    private BridgeIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int naiveLines = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        Path root = Files.createTempDirectory("bridge-ingest-");
        System.out.printf("bridge ingest: %,d lines over %d connection(s), spool in %s%n", lines, connections, root);

        try {
            measure(root, lines, connections, runs, naiveLines);
        } finally {
            TempDirs.deleteTree(root);
        }
    }

    private static void measure(Path root, int lines, int connections, int runs, int naiveLines) throws Exception {
        runBridge(root.resolve("warmup"), Math.min(lines, 200_000), connections);
        List<Double> rates = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double rate = runBridge(root.resolve("run-" + run), lines, connections);
            rates.add(rate);
            System.out.printf("  run %d: %,.0f lines/s%n", run, rate);
        }
        double naive = runNaive(root.resolve("naive"), naiveLines);
        System.out.printf("naive (fsync per line): %,.0f lines/s over %,d lines%n", naive, naiveLines);
        double median = rates.stream().sorted().toList().get(rates.size() / 2);
        System.out.printf("RESULT bridge median %,.0f lines/s (runs %s), naive %,.0f lines/s, ratio %.0fx%n",
                median, rates.stream().map(r -> String.format("%,.0f", r)).toList(), naive, median / naive);
    }

    /** The real listener and spool; the clock stops when the last line is committed. */
    static double runBridge(Path dir, int lines, int connections) throws Exception {
        EventLoopGroup acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        BridgeMetrics metrics = new BridgeMetrics();
        try (Spool spool = Spool.open(dir, 16L * 1024 * 1024, List.of("sns"));
             RejectedLinesFile rejected = RejectedLinesFile.open(dir)) {
            PbxServer server = new PbxServer("127.0.0.1", 0, 1024, AllowedPeers.parse(List.of()),
                    RecordSetup.seed(ZoneId.of("UTC"), "avaya"), InterimCalls.open(dir, Instant.now()), spool, rejected,
                    metrics, Clock.systemUTC());
            server.start(acceptors, workers);
            int port = server.localAddress().getPort();
            List<byte[]> streams = new ArrayList<>();
            int per = lines / connections;
            for (int c = 0; c < connections; c++) {
                streams.add(PbxLines.stream(c * per, c == connections - 1 ? lines : (c + 1) * per));
            }

            long start = System.nanoTime();
            List<Thread> senders = new ArrayList<>();
            for (byte[] stream : streams) {
                Thread sender = new Thread(() -> send(port, stream), "pbx");
                sender.start();
                senders.add(sender);
            }
            while (spool.committedEnd() < lines) {
                Thread.sleep(1);
            }
            long elapsed = System.nanoTime() - start;
            for (Thread sender : senders) {
                sender.join();
            }
            if (metrics.linesRejected() != 0) {
                throw new IllegalStateException(metrics.linesRejected() + " lines rejected");
            }
            server.stopAccepting();
            server.closeConnections(Duration.ofSeconds(5));
            return lines / (elapsed / 1e9);
        } finally {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void send(int port, byte[] stream) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < stream.length; i += 64 * 1024) {
                out.write(stream, i, Math.min(64 * 1024, stream.length - i));
            }
            out.flush();
            socket.shutdownOutput();
            socket.getInputStream().read();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Baseline: one blocking reader, the same framer and parser, then write + fsync per line. */
    static double runNaive(Path dir, int lines) throws Exception {
        Files.createDirectories(dir);
        AtomicLong stored = new AtomicLong();
        byte[] stream = PbxLines.stream(0, lines);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             FileChannel file = FileChannel.open(dir.resolve("naive.log"), StandardOpenOption.CREATE,
                     StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            Thread reader = new Thread(() -> {
                AvayaRecordParser parser = new AvayaRecordParser(ZoneId.of("UTC"));
                LineFramer framer = new LineFramer(1024);
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        framer.feed(buffer, 0, read, frame -> {
                            if (frame instanceof LineFramer.Frame.Line line
                                    && parser.parse(line.text()) instanceof AvayaParseResult.Parsed) {
                                try {
                                    file.write(ByteBuffer.wrap((line.text() + "\n").getBytes(StandardCharsets.ISO_8859_1)));
                                    file.force(false);
                                    stored.incrementAndGet();
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        });
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "naive-reader");
            reader.start();
            long start = System.nanoTime();
            send(server.getLocalPort(), stream);
            reader.join();
            long elapsed = System.nanoTime() - start;
            if (stored.get() != lines) {
                throw new IllegalStateException("naive stored " + stored.get());
            }
            return lines / (elapsed / 1e9);
        }
    }
}
