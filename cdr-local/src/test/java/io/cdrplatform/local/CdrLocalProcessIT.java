package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.testsupport.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/**
 * The runnable jar as a user runs it: {@code java -jar cdr-local.jar}. It must report ready within
 * 5 s, and whatever its SNS endpoint acknowledged must survive a kill -9.
 */
class CdrLocalProcessIT {

    private static final Pattern READY = Pattern.compile("cdr-local ready in (\\d+) ms");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killAll() {
        // children first (the embedded redis-server), while they are still known as descendants
        processes.forEach(process -> process.descendants().forEach(ProcessHandle::destroyForcibly));
        processes.forEach(Process::destroyForcibly);
    }

    private record Running(Process process, long readyMillis) {
    }

    private Running launch(Map<String, String> env) throws Exception {
        Path jar = Path.of(System.getProperty("cdr-local.jar", "target/cdr-local.jar"));
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Path log = Files.createTempFile(dataDir, "cdr-local", ".log");
        Process process = builder.start();
        processes.add(process);
        CompletableFuture<Long> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(Long.parseLong(matcher.group(1)));
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new AssertionError("cdr-local exited before it was ready; log: " + log));
        });
        reader.setDaemon(true);
        reader.start();
        return new Running(process, ready.get(60, TimeUnit.SECONDS));
    }

    @Test
    void startsWithinFiveSecondsAndKeepsEveryAcknowledgedEventThroughAKill9() throws Exception {
        Map<String, String> env = Map.of(
                "DATA_DIR", dataDir.resolve("data").toString(),
                "LOCAL_MONGO_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_REDIS_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_SNS_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_HTTP_PORT", Integer.toString(FreePorts.next()),
                "NET_SOCKET_PORT", Integer.toString(FreePorts.next()),
                "NET_SOCKET_ADDR", "127.0.0.1",
                "BRIDGE_HEALTH_PORT", Integer.toString(FreePorts.next()),
                "BRIDGE_HEALTH_ADDR", "127.0.0.1");
        Running first = launch(env);
        // reported, not asserted: speed is measured in the benchmarks module, never timed in a test
        System.out.println("cdr-local cold start to ready: " + first.readyMillis() + " ms");

        // publish 500 calls; every acknowledged batch counts
        int acknowledged = 0;
        try (SnsClient sns = SnsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + env.get("LOCAL_SNS_PORT")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            Instant t0 = Instant.parse("2024-03-01T08:00:00Z");
            for (int batch = 0; batch < 50; batch++) {
                List<PublishBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int call = batch * 10 + i;
                    entries.add(PublishBatchRequestEntry.builder().id("e" + i).message(
                            "{\"callId\":\"k9-" + call + "\",\"campaignId\":\"k9\",\"eventType\":\"call_initiated\","
                                    + "\"timestamp\":\"" + t0.plusSeconds(call) + "\"}").build());
                }
                if (sns.publishBatch(r -> r.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN).publishBatchRequestEntries(entries))
                        .failed().isEmpty()) {
                    acknowledged += 10;
                }
            }
        }
        // kill -9 right after the last acknowledgement: no chance to flush anything
        first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Running second = launch(env);
        JsonNode page = getJson(env, "/campaigns/k9/cdrs?limit=1000");
        assertThat(page.get("items")).hasSize(acknowledged);
        assertThat(acknowledged).isEqualTo(500);
        assertThat(getJson(env, "/campaigns/k9/live").get("totalAttempts").asLong()).isEqualTo(500);
        second.process().destroy();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops cdr-local").isTrue();
    }

    private JsonNode getJson(Map<String, String> env, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + env.get("LOCAL_HTTP_PORT") + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
