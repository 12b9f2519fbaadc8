package io.cdrplatform.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda image's entry command run as a child process, as the Lambda service runs the
 * container: the Dockerfile target's ENTRYPOINT followed by its CMD (or the function's
 * {@code ImageConfig.Command}, which replaces CMD), with the image's ENV, the variables Lambda sets,
 * and the function's environment. Only the image's file system differs: {@code java} is this JVM's
 * launcher and {@code /function} is a directory holding what the target puts there - the shaded jar
 * the build stage copies, and whatever the target's own RUN steps make of it (the class-data
 * sharing archive), made by running those steps on this machine.
 */
final class LambdaImageProcess implements AutoCloseable {

    static final String FUNCTION_DIR = "/function";
    static final String IMAGE_JAR = FUNCTION_DIR + "/app.jar";
    private static final Pattern COPY_JAR = Pattern.compile("--from=build\\s+/out/(\\S+\\.jar)\\s+" + Pattern.quote(IMAGE_JAR));
    private static final Map<String, Path> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

    private final String name;
    private final List<String> command;
    private final Process process;
    private final long startedNanos;
    private final Path stdout;
    private final Path stderr;

    private LambdaImageProcess(String name, List<String> command, Process process, long startedNanos, Path stdout, Path stderr) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts a Dockerfile target as Lambda would.
     *
     * @param target      the Dockerfile stage (SAM Metadata DockerBuildTarget)
     * @param command     the function's ImageConfig.Command, or null for the image's CMD
     * @param environment the function's environment variables
     * @param runtimeApi  the emulator, whose address becomes {@code AWS_LAMBDA_RUNTIME_API}
     * @param logs        directory for the process's stdout and stderr
     */
    static LambdaImageProcess start(Dockerfile dockerfile, String target, List<String> command, Map<String, String> environment,
                                    LambdaRuntimeApiEmulator runtimeApi, Path logs, String name) throws IOException {
        List<String> entry = new ArrayList<>(dockerfile.entrypoint(target));
        entry.addAll(command != null ? command : dockerfile.cmd(target));
        Path function = functionDirectory(dockerfile, target, logs);
        List<String> hostCommand = new ArrayList<>();
        for (String argument : entry) {
            hostCommand.add(argument.replace(FUNCTION_DIR, function.toString()));
        }
        if (!hostCommand.get(0).equals("java")) {
            throw new IllegalStateException("the " + target + " image does not start java: " + entry);
        }
        hostCommand.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Path out = logs.resolve(name + "-stdout.log");
        Path err = logs.resolve(name + "-stderr.log");
        ProcessBuilder builder = new ProcessBuilder(hostCommand)
                .directory(function.toFile()) // WORKDIR /function
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.clear(); // nothing from the test's own environment: only what the container would have
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.putAll(dockerfile.env(target));
        env.putAll(lambdaEnvironment(name, runtimeApi.address()));
        env.putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        return new LambdaImageProcess(name, hostCommand, process, started, out, err);
    }

    /** The variables the Lambda service sets in every execution environment. */
    static Map<String, String> lambdaEnvironment(String functionName, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/cdr-platform/it/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2024/01/15/[$LATEST]0123456789abcdef0123456789abcdef");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_Image");
        env.put("TZ", ":UTC");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /**
     * The target's {@code /function} on this machine, made once per test run: the shaded jar as
     * {@code app.jar}, then the target's own RUN steps (not those of the stage it builds on, which
     * set up the OS user) run with {@code sh -c}, {@code /function} standing for this directory and
     * this JVM first on the PATH.
     */
    static synchronized Path functionDirectory(Dockerfile dockerfile, String target, Path logs) throws IOException {
        Path existing = BUILT.get(target);
        if (existing != null) {
            return existing;
        }
        Path jar = hostJar(dockerfile, target);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -pl deployment-tests -am verify)");
        }
        Path function = logs.toAbsolutePath().resolve("image-" + target + "/function");
        if (Files.exists(function)) {
            try (var files = Files.walk(function)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(function);
        Files.copy(jar, function.resolve("app.jar"));
        for (Dockerfile.Instruction run : dockerfile.stage(target).all("RUN")) {
            String script = run.arguments().replace(FUNCTION_DIR, function.toString());
            Path output = function.resolveSibling("build-step.log");
            ProcessBuilder step = new ProcessBuilder("/bin/sh", "-c", script)
                    .directory(function.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            step.environment().clear();
            step.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
            Process process = step.start();
            try {
                if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the " + target + " target's step failed: RUN " + run.arguments()
                            + "\n" + Files.readString(output));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running RUN " + run.arguments(), e);
            }
        }
        BUILT.put(target, function);
        return function;
    }

    /** Where the build leaves the jar that the target copies to /function/app.jar: {@code <module>/target/<module>.jar}. */
    static Path hostJar(Dockerfile dockerfile, String target) {
        for (Dockerfile.Instruction copy : dockerfile.stage(target).all("COPY")) {
            Matcher jar = COPY_JAR.matcher(copy.arguments());
            if (jar.find()) {
                String file = jar.group(1);
                String module = file.substring(0, file.length() - ".jar".length());
                return Repository.file(module + "/target/" + file);
            }
        }
        throw new IllegalStateException("stage " + target + " copies no jar to " + IMAGE_JAR);
    }

    /** Start of the process to its first poll of /next: the Lambda "Init Duration". */
    Duration initTime(LambdaRuntimeApiEmulator runtimeApi, Duration timeout) throws Exception {
        try {
            return Duration.ofNanos(runtimeApi.awaitFirstPoll(timeout) - startedNanos);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(name + " never polled for an event within " + timeout + "; alive=" + process.isAlive()
                    + "\ncommand: " + command + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr(), e);
        }
    }

    List<String> command() {
        return command;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end on its own; its exit status, or -1 if it is still running. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Always ends the process (and anything it started): SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
