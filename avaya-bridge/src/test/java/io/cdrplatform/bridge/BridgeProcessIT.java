package io.cdrplatform.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.snslocal.SnsEndpoint;
import io.cdrplatform.snslocal.SnsEndpointConfig;
import io.cdrplatform.testsupport.EmbeddedPostgresServer;
import io.cdrplatform.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a separate process, killed with SIGKILL in the middle of a 10,000-line
 * burst and started again on the same spool: every accepted line still reaches SNS and
 * PostgreSQL, none twice in PostgreSQL; and SIGTERM shuts it down after delivering what it has.
 */
class BridgeProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BURST = 10_000;

    @TempDir
    Path spoolDir;
    @TempDir
    Path logDir;
    private final SnsCapture capture = new SnsCapture();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private EmbeddedPostgresServer postgres;
    private SnsEndpoint sns;
    private int pbxPort;
    private int healthPort;

    @BeforeEach
    void startPeers() throws Exception {
        postgres = EmbeddedPostgresServer.start();
        sns = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), capture).start();
        pbxPort = FreePorts.next();
        healthPort = FreePorts.next();
    }

    @AfterEach
    void stopAll() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        sns.close();
        postgres.close();
    }

    @Test
    void killedWithSigkillMidBurstAndRestartedItLosesNoAcceptedLineAndWritesNoRowTwice() throws Exception {
        // given the bridge process, and a PBX sending a 10,000-line burst
        Process bridge = startBridge("first");
        List<String> lines = TestRecords.lines(0, BURST);
        AtomicInteger sent = new AtomicInteger();
        Thread pbx = new Thread(() -> sendThrottled(lines, sent), "pbx-burst");
        pbx.start();

        // when the bridge is killed with SIGKILL once it has accepted some of the burst
        Await.until(WAIT, "2,000 lines accepted", () -> health().get("linesReceived").asLong() >= 2_000);
        long acceptedBeforeKill = health().get("linesReceived").asLong();
        int sentBeforeKill = sent.get();
        bridge.destroyForcibly();
        assertThat(bridge.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bridge.exitValue()).isEqualTo(137);
        pbx.join(30_000);
        assertThat(acceptedBeforeKill).as("killed in the middle of the burst").isLessThan(BURST);

        // and started again on the same spool
        startBridge("second");
        Await.until(WAIT, "the restarted bridge drained its spool", () -> health().get("spoolDepth").asLong() == 0);

        // then every line it had accepted reached SNS and PostgreSQL: an unbroken prefix of the burst
        int delivered = capture.distinctCalls();
        System.out.printf("SIGKILL after %d lines sent and %d reported accepted; %d in SNS after the restart%n",
                sentBeforeKill, acceptedBeforeKill, delivered);
        assertThat(delivered).isGreaterThanOrEqualTo((int) acceptedBeforeKill);
        List<String> prefix = TestRecords.callIds(lines.subList(0, delivered));
        assertThat(prefix).allMatch(capture::has);
        assertThat(capture.invalidMessages()).isZero();
        Await.until(WAIT, "the same rows in PostgreSQL", () -> rowCount() == delivered);
        assertThat(query("SELECT count(*), count(DISTINCT call_id) FROM avaya_cdr"))
                .containsExactly(List.of((long) delivered, (long) delivered));

        // when the PBX sends the whole burst again (it cannot know what was lost with the link)
        try (PbxClient again = new PbxClient("127.0.0.1", pbxPort)) {
            again.sendLines(lines);
        }

        // then all 10,000 are in SNS and in PostgreSQL, each row once
        Await.until(WAIT, () -> "10,000 events, have " + capture.distinctCalls(), () -> capture.distinctCalls() == BURST);
        Await.until(WAIT, "10,000 rows", () -> rowCount() == BURST);
        assertThat(TestRecords.callIds(lines)).allMatch(capture::has);
        assertThat(query("SELECT count(*), count(DISTINCT call_id) FROM avaya_cdr"))
                .containsExactly(List.of((long) BURST, (long) BURST));
    }

    @Test
    void sigtermStopsAcceptingDeliversWhatWasSpooledAndExits() throws Exception {
        Process bridge = startBridge("sigterm");
        List<String> lines = TestRecords.lines(0, 2_000);
        try (PbxClient pbx = new PbxClient("127.0.0.1", pbxPort)) {
            pbx.sendLines(lines);
            Await.until(WAIT, "2,000 accepted", () -> health().get("linesReceived").asLong() == 2_000);

            // when SIGTERM arrives right after the lines were accepted
            bridge.destroy();

            // then the process exits by itself, having delivered them
            assertThat(bridge.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(bridge.exitValue()).isEqualTo(143);
            assertThat(pbx.closedByPeer(5_000)).isTrue();
        }
        assertThat(capture.distinctCalls()).isEqualTo(2_000);
        assertThat(rowCount()).isEqualTo(2_000);
        String log = Files.readString(logDir.resolve("sigterm.log"));
        assertThat(log).contains("shutting down").contains("avaya bridge stopped; 0 lines wait in the spool");
        assertThat(log).contains("\"_aws\"");
    }

    private Process startBridge(String name) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SNS_TOPIC_ARN", SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN);
        env.put("AWS_ENDPOINT_URL", sns.endpointUri().toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("NET_SOCKET_ADDR", "127.0.0.1");
        env.put("NET_SOCKET_PORT", String.valueOf(pbxPort));
        env.put("BRIDGE_HEALTH_ADDR", "127.0.0.1");
        env.put("BRIDGE_HEALTH_PORT", String.valueOf(healthPort));
        env.put("SPOOL_DIR", spoolDir.toString());
        env.put("SPOOL_SEGMENT_BYTES", "262144");
        env.put("BRIDGE_RETRY_MAX_MILLIS", "500");
        env.put("METRICS_INTERVAL_SECONDS", "2");
        // the drain on SIGTERM must finish, not race the default 10 s on a build machine shared with other builds
        env.put("BRIDGE_SHUTDOWN_GRACE_SECONDS", "45");
        env.put("DB_HOST", postgres.host());
        env.put("DB_PORT", String.valueOf(postgres.port()));
        env.put("DB_NAME", EmbeddedPostgresServer.DATABASE);
        env.put("DB_USER", EmbeddedPostgresServer.USER);
        String jar = System.getProperty("bridge.jar", "target/avaya-bridge.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("DB_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        Await.until(WAIT, () -> "bridge " + name + " healthy; log: " + tail(name), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("bridge " + name + " exited " + process.exitValue() + ": " + tail(name));
            }
            return health().get("status") != null;
        });
        return process;
    }

    /** Like a PBX: lines as fast as a busy link carries them, stopping when the connection breaks. */
    private void sendThrottled(List<String> lines, AtomicInteger sent) {
        try (PbxClient pbx = new PbxClient("127.0.0.1", pbxPort)) {
            for (int i = 0; i < lines.size(); i += 20) {
                pbx.sendLines(lines.subList(i, Math.min(lines.size(), i + 20)));
                sent.addAndGet(20);
                Thread.sleep(1);
            }
        } catch (IOException e) {
            // the bridge was killed: the PBX's link is down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode health() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + healthPort + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String tail(String name) {
        try {
            List<String> all = Files.readAllLines(logDir.resolve(name + ".log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private long rowCount() {
        try {
            return (Long) query("SELECT count(*) FROM avaya_cdr").get(0).get(0);
        } catch (SQLException e) {
            return -1;
        }
    }

    private List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
