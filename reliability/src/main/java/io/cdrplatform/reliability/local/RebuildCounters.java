package io.cdrplatform.reliability.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator's commands of the cdr-logger jar, run as an operator runs them:
 * {@code java -jar cdr-logger-lambda.jar rebuild-counters [--campaign ID]} (the repair after a Redis
 * outage) and {@code rebuild-stats [--verify]} (the stats buckets), with the logger's
 * {@code MONGODB_URI} and {@code REDIS_URL}.
 */
public final class RebuildCounters {

    /** Exit status, wall time, and where its output went. */
    public record Result(int exitStatus, long millis, Path output) {
    }

    private RebuildCounters() {
    }

    public static Path defaultJar() {
        return Path.of(System.getProperty("cdr-logger.jar", "../cdr-logger-lambda/target/cdr-logger-lambda.jar"));
    }

    public static Result run(Path jar, String mongoUri, String redisUri, Path output, String... arguments)
            throws IOException, InterruptedException {
        return runCommand(jar, "rebuild-counters", mongoUri, redisUri, output, arguments);
    }

    /** {@code java -jar <jar> <command> <arguments>}, its output appended to {@code output}. */
    public static Result runCommand(Path jar, String commandName, String mongoUri, String redisUri, Path output,
                                    String... arguments) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the cdr-logger-lambda jar is missing: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), commandName));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().put("MONGODB_URI", mongoUri);
        builder.environment().put("REDIS_URL", redisUri);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(commandName + " did not finish within 10 minutes; see " + output);
        }
        return new Result(process.exitValue(), (System.nanoTime() - start) / 1_000_000, output);
    }
}
