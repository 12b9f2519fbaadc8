package io.cdrplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The current MongoDB clients as users get them from npm (package.json beside this class's test
 * resources: mongosh and the Node.js driver, pinned), installed by {@code npm install} into a
 * directory under target/ on first use, and run against a connection string.
 *
 * <p>Without node and npm the test fails with a message saying how to get them ({@code .ci/run}
 * installs them on a CI machine); only {@code -Dmongo-clients.skip=true} turns that into a skip, for a
 * developer machine without Node.js, and never under {@code CI=true}.
 */
final class NpmMongoClients {

    static final String SKIP_PROPERTY = "mongo-clients.skip";
    private static final int NODE_MAJOR_NEEDED = 20; // the mongodb 7.x driver's engines: node >= 20.19
    private static final List<String> FILES = List.of("package.json", "node-driver.js", "mongosh-check.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private NpmMongoClients(Path dir) {
        this.dir = dir;
    }

    /** Installs the packages into {@code dir} unless the same package.json is installed there already. */
    static NpmMongoClients installedIn(Path dir) throws IOException, InterruptedException {
        requireNodeAndNpm();
        Files.createDirectories(dir);
        byte[] wanted = resource("package.json");
        Path installedManifest = dir.resolve("node_modules/.cdr-installed-package.json");
        boolean upToDate = Files.isRegularFile(installedManifest) && Arrays.equals(Files.readAllBytes(installedManifest), wanted)
                && Files.isRegularFile(dir.resolve("node_modules/.bin/mongosh"));
        for (String file : FILES) {
            try (InputStream in = NpmMongoClients.class.getResourceAsStream("/mongo-clients/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!upToDate) {
            Result install = run(dir, Map.of(), 900, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
            if (install.exitCode() != 0 || !Files.isRegularFile(dir.resolve("node_modules/.bin/mongosh"))) {
                Assertions.fail("npm install of mongosh and the mongodb driver into " + dir + " failed (exit "
                        + install.exitCode() + "): the npm registry must be reachable.\n" + install.output());
            }
            Files.write(installedManifest, wanted);
        }
        return new NpmMongoClients(dir);
    }

    String version(String packageName) throws IOException {
        return JSON.readTree(dir.resolve("node_modules/" + packageName + "/package.json").toFile()).path("version").asText();
    }

    /** The Node.js driver's answers (node-driver.js), as canonical Extended JSON. */
    JsonNode nodeDriver(String uri, String campaignId) throws IOException, InterruptedException {
        return answers(run(dir, Map.of(), 120, "node", "node-driver.js", uri, campaignId), "node node-driver.js");
    }

    /** mongosh's answers to mongosh-check.js, as canonical Extended JSON. */
    JsonNode mongosh(String uri, String campaignId) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("home")); // mongosh's config and logs stay under target/
        return answers(run(dir, Map.of("CAMPAIGN_ID", campaignId, "HOME", home.toString()), 120,
                dir.resolve("node_modules/.bin/mongosh").toString(), "--quiet", "--norc", uri, "mongosh-check.js"), "mongosh");
    }

    private static JsonNode answers(Result result, String what) throws IOException {
        Assertions.assertEquals(0, result.exitCode(), () -> what + " failed:\n" + result.output());
        String[] lines = result.output().strip().split("\\R");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static void requireNodeAndNpm() throws InterruptedException {
        String problem = null;
        try {
            Result node = run(Path.of("."), Map.of(), 30, "node", "--version");
            Result npm = run(Path.of("."), Map.of(), 30, "npm", "--version");
            int major = Integer.parseInt(node.output().strip().replaceFirst("^v(\\d+)\\..*$", "$1"));
            if (node.exitCode() != 0 || npm.exitCode() != 0) {
                problem = "node or npm does not run: " + node.output() + npm.output();
            } else if (major < NODE_MAJOR_NEEDED) {
                problem = "Node.js " + node.output().strip() + " is too old: the current mongodb driver needs " + NODE_MAJOR_NEEDED + "+";
            }
        } catch (IOException | NumberFormatException e) {
            problem = "node and npm are not installed (" + e.getMessage() + ")";
        }
        if (problem == null) {
            return;
        }
        String message = problem + ". This test drives mongosh and the Node.js MongoDB driver against cdr-local; "
                + ".ci/run installs Node.js and npm (apt-get install nodejs npm) where they are missing.";
        if (Boolean.getBoolean(SKIP_PROPERTY) && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort(message + " Skipped because -D" + SKIP_PROPERTY + "=true (never under CI=true).");
        }
        Assertions.fail(message + " Install Node.js " + NODE_MAJOR_NEEDED + "+ and npm, or skip this test on purpose with -D"
                + SKIP_PROPERTY + "=true.");
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = NpmMongoClients.class.getResourceAsStream("/mongo-clients/" + file)) {
            return in.readAllBytes();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path workDir, Map<String, String> env, int timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        // output is read on another thread so a chatty process never blocks on a full pipe
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5_000);
            return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n" + output);
        }
        reader.join();
        return new Result(process.exitValue(), output.toString());
    }
}
