package io.cdrplatform.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process that cdr-local keeps running: when it dies by itself (a crash, {@code kill -9}, the
 * kernel's OOM killer) it is started again with the same command (so the same port, configuration and
 * data directory), after a backoff that doubles from {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF}
 * while restarts keep failing and starts afresh once a run has lasted {@link #STABLE_AFTER}. Each
 * death and restart is logged (JSON line with {@code component}, {@code exitCode}, {@code attempt},
 * {@code backoffMillis}) and reported on the {@link HealthBoard} (recovering while it is brought
 * back, up again with one more restart counted). {@link #close()} stops it for good (SIGTERM, then
 * SIGKILL after the grace period) without a restart.
 */
final class SupervisedProcess implements AutoCloseable {

    /** Waits until a freshly started process serves; throws (with the reason) when it does not. */
    interface Readiness {
        void await(Process process) throws Exception;
    }

    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);

    private final String component;
    private final List<String> command;
    private final Readiness readiness;
    private final HealthBoard health;
    private final Consumer<String> output;
    private final Runnable onRestarted;
    private final Thread watcher;
    private volatile Process process;
    private volatile boolean stopping;
    /** The wait before the next restart: doubles while runs stay short, back to the first after a stable run. */
    private Duration backoff = FIRST_BACKOFF;

    private SupervisedProcess(String component, List<String> command, Readiness readiness, HealthBoard health,
                              Consumer<String> output, Runnable onRestarted) {
        this.component = Objects.requireNonNull(component, "component");
        this.command = List.copyOf(command);
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.health = Objects.requireNonNull(health, "health");
        this.output = Objects.requireNonNull(output, "output");
        this.onRestarted = Objects.requireNonNull(onRestarted, "onRestarted");
        this.watcher = new Thread(this::watch, component + "-supervisor");
        this.watcher.setDaemon(true);
    }

    /**
     * Starts the process and waits until it is ready (a failure here is thrown: cdr-local does not
     * start half-way), then watches it. {@code output} gets each line it prints; {@code onRestarted}
     * runs after each restart that came up (for example, to have its lost state rebuilt).
     */
    static SupervisedProcess start(String component, List<String> command, Readiness readiness, HealthBoard health,
                                   Consumer<String> output, Runnable onRestarted) throws Exception {
        SupervisedProcess supervised = new SupervisedProcess(component, command, readiness, health, output, onRestarted);
        supervised.process = supervised.launch();
        health.up(component);
        supervised.watcher.start();
        return supervised;
    }

    /** The running process's id, or -1 between a death and its restart. */
    long pid() {
        Process now = process;
        return now != null && now.isAlive() ? now.pid() : -1;
    }

    private Process launch() throws Exception {
        Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> pump(started), component + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            readiness.await(started);
            return started;
        } catch (Exception e) {
            started.destroyForcibly();
            throw e;
        }
    }

    private void pump(Process from) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private void watch() {
        while (!stopping) {
            Process running = process;
            int exitCode;
            long startedAt = System.nanoTime();
            try {
                exitCode = running.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            process = null;
            if (System.nanoTime() - startedAt >= STABLE_AFTER.toNanos()) {
                backoff = FIRST_BACKOFF;
            }
            String error = component + " exited with status " + exitCode + " after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms";
            health.recovering(component, error);
            LOG.atError().addKeyValue("component", component).addKeyValue("exitCode", exitCode)
                    .log("{} died unexpectedly (exit status {}); restarting it", component, exitCode);
            if (!restart()) {
                return;
            }
        }
    }

    /** Starts the process again until it comes up or cdr-local stops; answers whether it came up. */
    private boolean restart() {
        for (int attempt = 1; !stopping; attempt++) {
            LOG.atWarn().addKeyValue("component", component).addKeyValue("attempt", attempt)
                    .addKeyValue("backoffMillis", backoff.toMillis())
                    .log("restarting {} in {} ms (attempt {})", component, backoff.toMillis(), attempt);
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return false;
            }
            if (stopping) {
                return false;
            }
            try {
                long begin = System.nanoTime();
                process = launch();
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
                health.restarted(component);
                backoff = longer(backoff);
                LOG.atInfo().addKeyValue("component", component).addKeyValue("attempt", attempt)
                        .addKeyValue("pid", process.pid()).addKeyValue("startMillis", tookMillis)
                        .log("{} is running again (pid {}, attempt {})", component, process.pid(), attempt);
                try {
                    onRestarted.run();
                } catch (RuntimeException e) {
                    LOG.atError().addKeyValue("component", component)
                            .log("after restarting {}: {}", component, e.toString());
                }
                return true;
            } catch (Exception e) {
                health.recovering(component, "restart attempt " + attempt + " failed: " + e.getMessage());
                LOG.atError().addKeyValue("component", component).addKeyValue("attempt", attempt)
                        .log("restarting {} failed: {}", component, e.toString());
                backoff = longer(backoff);
            }
        }
        return false;
    }

    private static Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    @Override
    public void close() {
        stopping = true;
        watcher.interrupt();
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.atWarn().addKeyValue("component", component)
                        .log("{} did not stop within {} s; killing it", component, STOP_GRACE.toSeconds());
                running.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }
}
