package io.cdrplatform.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server (shipped inside embedded-redis) with its data under DATA_DIR: append-only
 * file fsynced every second, so counters survive a restart. redis-server is a child process that
 * cdr-local supervises ({@link SupervisedProcess}): if it dies (a crash, {@code kill -9}, the OOM
 * killer) it is started again on the same port and data directory, component {@code redis} on
 * {@code /health} says {@code recovering} meanwhile, and {@code onRestarted} hears of it (cdr-local
 * then has the counters checked and rebuilt: updates made while it was down are missing). If a
 * kill -9 of cdr-local left it running, the next start finds it on the port serving our own data
 * directory, asks it to SHUTDOWN (which persists) and starts afresh. Any other process on the port
 * is a clear error.
 */
final class LocalRedisServer implements AutoCloseable {

    static final String COMPONENT = "redis";
    private static final Logger LOG = LoggerFactory.getLogger(LocalRedisServer.class);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private final SupervisedProcess process;
    private final String host;
    private final int port;

    private LocalRedisServer(SupervisedProcess process, String host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    static LocalRedisServer start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, new HealthBoard(java.time.Clock.systemUTC()), () -> { });
    }

    static LocalRedisServer start(Path dataDir, String host, int port, HealthBoard health, Runnable onRestarted) {
        Path dir = dataDir.resolve("redis").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        shutDownOrphanServingOurData(dir, host, port);
        Ports.requireFree("Embedded Redis", host, port, "LOCAL_REDIS_PORT");
        try {
            List<String> command = RedisServer.newRedisServer()
                    .bind(host)
                    .port(port)
                    .setting("dir " + dir)
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("save \"\"")
                    .setting("daemonize no")
                    .buildCommandArgs();
            SupervisedProcess process = SupervisedProcess.start(COMPONENT, command,
                    started -> awaitPong(started, host, port), health,
                    line -> LOG.atDebug().addKeyValue("component", COMPONENT).log("{}", line), onRestarted);
            return new LocalRedisServer(process, host, port);
        } catch (Exception e) {
            throw new IllegalStateException("Embedded Redis did not start on " + host + ":" + port + ": "
                    + e.getMessage() + " (LOCAL_REDIS_PORT moves it)", e);
        }
    }

    String uri() {
        return "redis://" + host + ":" + port;
    }

    int port() {
        return port;
    }

    /** The redis-server's process id, or -1 while it is being restarted. */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }

    /** Ready when it answers PING with PONG (not LOADING: it reads its append-only file first). */
    private static void awaitPong(Process started, String host, int port) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!started.isAlive()) {
                throw new IOException("redis-server exited with status " + started.exitValue() + " while starting");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                socket.setSoTimeout(1000);
                send(socket.getOutputStream(), "PING");
                byte[] buffer = new byte[256];
                int read = socket.getInputStream().read(buffer);
                last = read <= 0 ? "no answer" : new String(buffer, 0, read, StandardCharsets.UTF_8).trim();
                if (last.equals("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(50);
        }
        throw new IOException("redis-server did not answer PING within " + READY_WITHIN.toSeconds() + " s: " + last);
    }

    private static void shutDownOrphanServingOurData(Path dir, String host, int port) {
        String servedDir;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(2000);
            servedDir = configGetDir(socket);
            if (!dir.toString().equals(servedDir)) {
                return;
            }
            LOG.warn("a redis-server left by an earlier run still serves {}; shutting it down to start afresh", dir);
            send(socket.getOutputStream(), "SHUTDOWN");
        } catch (IOException e) {
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(host, port), 200);
                Thread.sleep(100);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** CONFIG GET dir over plain RESP: no client library needed for this one probe. */
    private static String configGetDir(Socket socket) throws IOException {
        send(socket.getOutputStream(), "CONFIG", "GET", "dir");
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        int read = in.read(buffer);
        if (read <= 0) {
            return null;
        }
        String reply = new String(buffer, 0, read, StandardCharsets.UTF_8);
        String[] lines = reply.split("\r\n");
        // *2 $3 dir $N <value>
        return lines.length >= 5 && lines[0].equals("*2") ? lines[4] : null;
    }

    private static void send(OutputStream out, String... words) throws IOException {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            command.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
