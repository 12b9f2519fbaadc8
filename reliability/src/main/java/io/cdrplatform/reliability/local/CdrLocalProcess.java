package io.cdrplatform.reliability.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable cdr-local jar as a user runs it ({@code java -jar cdr-local.jar}), as a child process
 * whose output goes to a log file. It can be stopped the polite way (SIGTERM) or killed with SIGKILL,
 * and started again on the same data directory and ports.
 */
public final class CdrLocalProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("cdr-local ready in (\\d+) ms");

    private final Path jar;
    private final LocalEnvironment environment;
    private final Path logFile;
    private final List<String> jvmOptions;
    private Process process;
    private long readyMillis;
    private int starts;

    public CdrLocalProcess(Path jar, LocalEnvironment environment, Path logFile, List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the runnable cdr-local jar is missing: " + jar
                    + " (build it with mvn -pl cdr-local -am package)");
        }
        this.jar = jar;
        this.environment = environment;
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The jar named by the {@code cdr-local.jar} system property (set by the build), else the reactor's. */
    public static Path defaultJar() {
        return Path.of(System.getProperty("cdr-local.jar", "../cdr-local/target/cdr-local.jar"));
    }

    /** Starts the process and waits until it prints that it is ready. */
    public CdrLocalProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("cdr-local is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment.variables());
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start cdr-local", e);
        }
        starts++;
        CompletableFuture<Long> ready = new CompletableFuture<>();
        Process started = process;
        int startNumber = starts;
        Thread reader = new Thread(() -> copyOutput(started, startNumber, ready), "cdr-local-output-" + startNumber);
        reader.setDaemon(true);
        reader.start();
        try {
            readyMillis = ready.get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cdr-local was starting", e);
        } catch (ExecutionException | TimeoutException e) {
            started.destroyForcibly();
            throw new IllegalStateException("cdr-local did not become ready; see " + logFile, e);
        }
        return this;
    }

    private void copyOutput(Process started, int startNumber, CompletableFuture<Long> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(),
                StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            log.write("---- cdr-local start #" + startNumber + " (pid " + started.pid() + ")\n");
            String line;
            while ((line = lines.readLine()) != null) {
                log.write(line);
                log.write('\n');
                if (!ready.isDone()) {
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(Long.parseLong(matcher.group(1)));
                        log.flush();
                    }
                }
            }
            log.write("---- cdr-local #" + startNumber + " output ended\n");
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("cdr-local exited before it was ready"));
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. Returns once the process is gone. */
    public void kill9() {
        Process running = requireStarted();
        running.descendants().forEach(ProcessHandle::destroyForcibly);
        running.destroyForcibly();
        awaitExit(running);
    }

    /** SIGTERM, and waits for the orderly shutdown; returns the exit status. */
    public int terminate() {
        Process running = requireStarted();
        running.destroy();
        return awaitExit(running);
    }

    private static int awaitExit(Process running) {
        try {
            if (!running.waitFor(60, TimeUnit.SECONDS)) {
                running.destroyForcibly();
                running.waitFor(10, TimeUnit.SECONDS);
            }
            return running.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cdr-local to exit", e);
        }
    }

    private Process requireStarted() {
        if (process == null) {
            throw new IllegalStateException("cdr-local was never started");
        }
        return process;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return requireStarted().pid();
    }

    /** Start to "ready" of the last start, as cdr-local reports it. */
    public long readyMillis() {
        return readyMillis;
    }

    public LocalEnvironment environment() {
        return environment;
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitExit(process);
        }
    }
}
