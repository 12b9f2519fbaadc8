package io.cdrplatform.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.sns.SnsClients;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.snslocal.SnsEndpoint;
import io.cdrplatform.snslocal.SnsEndpointConfig;
import io.cdrplatform.testsupport.EmbeddedPostgresServer;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The bridge end to end, in process: PBX lines over real TCP, a real PostgreSQL server, and the
 * project's SNS endpoint reached through the real AWS SDK client; then the faults (SNS down,
 * PostgreSQL down, a shutdown with lines still unsent).
 */
class AvayaBridgeEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPostgresServer postgres;

    @TempDir
    Path spoolDir;
    private final SnsCapture capture = new SnsCapture();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private SnsEndpoint sns;
    private int snsPort;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void startSns() throws Exception {
        sql("DROP TABLE IF EXISTS avaya_cdr");
        sns = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), capture).start();
        snsPort = sns.port();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        sns.close();
        if (!postgres.isRunning()) {
            postgres.restart();
        }
    }

    @Test
    void recordsFromSeveralPbxConnectionsBecomeCallEndedEventsAndSeedRowsAndBadLinesAreSetAside() throws Exception {
        // given a running bridge and two PBXs connected at once
        AvayaBridge bridge = startBridge(Map.of("AVAYA_CAMPAIGN_ID", "pbx-berlin"));
        List<String> first = TestRecords.lines(0, 100);
        List<String> second = TestRecords.lines(100, 200);
        try (PbxClient a = pbx(bridge); PbxClient b = pbx(bridge)) {
            // when they send records, split and merged arbitrarily, NUL-padded, with a bad line among them
            StringBuilder streamA = new StringBuilder();
            for (String line : first) {
                streamA.append("\0\0").append(line).append("\r\n");
            }
            String textA = streamA.toString();
            for (int i = 0; i < textA.length(); i += 37) {
                a.send(textA.substring(i, Math.min(textA.length(), i + 37)));
            }
            b.sendLines(second.subList(0, 50));
            b.send("this is not a record \u0007\u001b[2J\r\n");
            b.sendLines(second.subList(50, 100));

            // then every record reaches SNS and PostgreSQL exactly once, and the bad line is kept
            Await.until(WAIT, () -> "200 events in SNS, have " + capture.distinctCalls(), () -> capture.distinctCalls() == 200);
            Await.until(WAIT, "200 rows in PostgreSQL", () -> rowCount() == 200);
        }
        assertThat(capture.invalidMessages()).isZero();
        assertThat(query("SELECT count(DISTINCT call_id) FROM avaya_cdr")).containsExactly(List.of(200L));
        List<String> rejected = Files.readAllLines(spoolDir.resolve(RejectedLinesFile.FILE_NAME));
        assertThat(rejected).singleElement().satisfies(line -> {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.get("line").asText()).isEqualTo("this is not a record \u0007\u001b[2J");
            assertThat(entry.get("peer").asText()).startsWith("127.0.0.1:");
            assertThat(Instant.parse(entry.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        });

        Await.until(WAIT, "spool drained", () -> health(bridge).get("spoolDepth").asLong() == 0);
        JsonNode health = health(bridge);
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("linesReceived").asLong()).isEqualTo(200);
        assertThat(health.get("linesRejected").asLong()).isEqualTo(1);
        assertThat(health.get("oldestUnsentAgeSeconds").isNull()).isTrue();
        assertThat(health.at("/sinks/sns/state").asText()).isEqualTo("idle");
        assertThat(health.at("/sinks/postgres/state").asText()).isEqualTo("idle");
    }

    @Test
    void theEventCarriesTheRecordAsTheContractSays() throws Exception {
        AvayaBridge bridge = startBridge(Map.of());
        String answered = "170925 1547 00252                    2434 0                2432";
        String unanswered = "170925 1548 00000                    2435 7                +4930123456";
        try (PbxClient pbx = pbx(bridge)) {
            pbx.sendLines(List.of(answered, unanswered));
        }
        Await.until(WAIT, "2 events", () -> capture.distinctCalls() == 2);

        CallEvent event = capture.event(TestRecords.callId(answered));
        assertThat(event.type()).isEqualTo(EventType.CALL_ENDED);
        assertThat(event.campaignId()).isEqualTo("avaya");
        assertThat(event.source()).isEqualTo("avaya");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2025-09-17T15:47:00Z"));
        assertThat(event.startTime()).isEqualTo(Instant.parse("2025-09-17T15:44:08Z"));
        assertThat(event.durationSeconds()).isEqualTo(172);
        assertThat(event.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(event.phoneNumber()).isEqualTo("2432");
        assertThat(event.metadata()).containsEntry("calledNumber", "2434").containsEntry("callingNumber", "2432")
                .containsEntry("callCode", "0").containsEntry("rawLine", answered);
        JsonNode wire = JSON.readTree(capture.message(TestRecords.callId(answered)));
        assertThat(wire.get("eventType").asText()).isEqualTo("call_ended");
        assertThat(wire.get("duration").asLong()).isEqualTo(172);

        CallEvent noAnswer = capture.event(TestRecords.callId(unanswered));
        assertThat(noAnswer.outcome()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(noAnswer.phoneNumber()).isEqualTo("+4930123456");
    }

    @Test
    void theSameRecordSentAgainKeepsItsCallIdAndMakesNoSecondRow() throws Exception {
        AvayaBridge bridge = startBridge(Map.of());
        String record = TestRecords.line(7);
        try (PbxClient pbx = pbx(bridge)) {
            pbx.sendLines(List.of(record, record));
            pbx.send("\0\0\0" + record.replace("2434 0", "2434   0") + "\r\n");
        }
        Await.until(WAIT, "3 lines published", () -> capture.totalMessages() == 3);
        Await.until(WAIT, "spool drained", () -> health(bridge).get("spoolDepth").asLong() == 0);

        assertThat(capture.distinctCalls()).isEqualTo(1);
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void aPeerOutsideTheAllowedNetworksIsRefusedAndNothingItSendsIsTaken() throws Exception {
        AvayaBridge bridge = startBridge(Map.of("PBX_ALLOWED_CIDRS", "10.0.0.0/8, 192.0.2.7"));
        try (PbxClient intruder = pbx(bridge)) {
            try {
                intruder.sendLines(TestRecords.lines(0, 5));
            } catch (IOException closedAlready) {
                // the bridge may have closed the connection before the write
            }
            assertThat(intruder.closedByPeer(10_000)).isTrue();
        }
        assertThat(bridge.metrics().peersRefused()).isEqualTo(1);
        assertThat(health(bridge).get("linesReceived").asLong()).isZero();
    }

    @Test
    void anAllowedPeerIsServedAndAnIdleConnectionIsKept() throws Exception {
        AvayaBridge bridge = startBridge(Map.of("PBX_ALLOWED_CIDRS", "127.0.0.0/8"));
        try (PbxClient pbx = pbx(bridge)) {
            pbx.sendLines(TestRecords.lines(0, 1));
            Await.until(WAIT, "first event", () -> capture.distinctCalls() == 1);

            assertThat(pbx.closedByPeer(2_000)).isFalse();
            pbx.sendLines(TestRecords.lines(1, 2));
            Await.until(WAIT, "second event on the same connection", () -> capture.distinctCalls() == 2);
        }
    }

    @Test
    void whileSnsIsDownLinesWaitInTheSpoolAndAllArriveOnceItIsBack() throws Exception {
        // given a bridge whose SNS endpoint goes away
        AvayaBridge bridge = startBridge(Map.of());
        sns.close();

        // when the PBX sends while SNS is down
        List<String> lines = TestRecords.lines(0, 500);
        try (PbxClient pbx = pbx(bridge)) {
            pbx.sendLines(lines);
        }

        // then the lines are accepted and wait, health says so, and PostgreSQL is not held back
        Await.until(WAIT, "500 accepted", () -> health(bridge).get("linesReceived").asLong() == 500);
        Await.until(WAIT, "sns retrying", () -> health(bridge).at("/sinks/sns/state").asText().equals("retrying"));
        Await.until(WAIT, "rows written while SNS is down", () -> rowCount() == 500);
        JsonNode down = health(bridge);
        assertThat(down.get("status").asText()).isEqualTo("degraded");
        assertThat(down.get("spoolDepth").asLong()).isEqualTo(500);
        assertThat(down.at("/sinks/sns/pending").asLong()).isEqualTo(500);
        assertThat(down.at("/sinks/postgres/pending").asLong()).isZero();
        assertThat(down.get("lastError").asText()).startsWith("sns:");
        assertThat(down.get("oldestUnsentAgeSeconds").isNumber()).isTrue();
        assertThat(capture.distinctCalls()).isZero();

        // when SNS comes back on the same port
        sns = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(snsPort), capture).start();

        // then everything arrives
        Await.until(WAIT, () -> "500 events after SNS is back, have " + capture.distinctCalls(),
                () -> capture.distinctCalls() == 500);
        assertThat(capture.event(TestRecords.callId(lines.get(499)))).isNotNull();
        Await.until(WAIT, "healthy again", () -> health(bridge).get("status").asText().equals("ok"));
        // the spool is trimmed after the sinks' cursors are saved, a moment after delivery: under
        // load "ok" can be seen while the last delivered lines are still being released
        Await.until(WAIT, "spool emptied", () -> health(bridge).get("spoolDepth").asLong() == 0);
    }

    @Test
    void whilePostgresIsDownRowsWaitAndAllAreWrittenOnceItIsBackWithoutDuplicates() throws Exception {
        AvayaBridge bridge = startBridge(Map.of());
        try (PbxClient pbx = pbx(bridge)) {
            pbx.sendLines(TestRecords.lines(0, 100));
            Await.until(WAIT, "first rows", () -> rowCount() == 100);

            postgres.stop();
            pbx.sendLines(TestRecords.lines(100, 400));
            Await.until(WAIT, "events published while PostgreSQL is down", () -> capture.distinctCalls() == 400);
            Await.until(WAIT, "postgres retrying",
                    () -> health(bridge).at("/sinks/postgres/state").asText().equals("retrying"));
            assertThat(health(bridge).at("/sinks/postgres/pending").asLong()).isEqualTo(300);

            postgres.restart();
            // the same records again, as a PBX resending after a link problem would
            pbx.sendLines(TestRecords.lines(50, 150));
        }
        Await.until(WAIT, "all rows once PostgreSQL is back", () -> rowCount() == 400);
        Await.until(WAIT, "spool drained", () -> health(bridge).get("spoolDepth").asLong() == 0);
        assertThat(query("SELECT count(*), count(DISTINCT call_id) FROM avaya_cdr")).containsExactly(List.of(400L, 400L));
    }

    @Test
    void linesUnsentAtShutdownAreDeliveredByTheNextStartFromTheSameSpool() throws Exception {
        // given SNS down and lines accepted
        AvayaBridge bridge = startBridge(Map.of("BRIDGE_SHUTDOWN_GRACE_SECONDS", "1"));
        sns.close();
        try (PbxClient pbx = pbx(bridge)) {
            pbx.sendLines(TestRecords.lines(0, 300));
        }
        Await.until(WAIT, "300 accepted", () -> health(bridge).get("linesReceived").asLong() == 300);

        // when the bridge shuts down and starts again with SNS back
        bridge.close();
        sns = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(snsPort), capture).start();
        AvayaBridge restarted = startBridge(Map.of());

        // then the spooled lines go out and PostgreSQL still has each row once
        Await.until(WAIT, () -> "300 events after restart, have " + capture.distinctCalls(),
                () -> capture.distinctCalls() == 300);
        Await.until(WAIT, "spool drained", () -> health(restarted).get("spoolDepth").asLong() == 0);
        assertThat(rowCount()).isEqualTo(300);
    }

    @Test
    void twoPbxsWithTheirOwnLayoutsAttributionAndNoAuthorizationCodeAnywhere() throws Exception {
        // given a bridge whose default PBX sends the seed layout and PBX berlin (on its own port) a customized
        // record with an authorization code, and attribution rules on the VDN; its log lines captured
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                stdout.write(b);
                logs.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                stdout.write(bytes, offset, length);
                logs.write(bytes, offset, length);
            }
        }, true));
        try {
            twoPbxs(logs);
        } finally {
            System.setOut(stdout);
        }
    }

    private void twoPbxs(java.io.ByteArrayOutputStream logs) throws Exception {
        int berlinPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            berlinPort = free.getLocalPort();
        }
        Path rules = Files.writeString(spoolDir.resolveSibling(spoolDir.getFileName() + "-rules.yaml"),
                "rules:\n  - campaign: spring-sale\n    vdn: \"5001\"\n");
        String custom = "date,6;space,1;time,4;space,1;sec-dur,5;space,1;cond-code,1;space,1;dialed-num,12;space,1;"
                + "calling-num,8;space,1;auth-code,8;space,1;vdn,5;space,1;in-crt-id,3";
        AvayaBridge bridge = startBridge(Map.of("AVAYA_CAMPAIGN_ID", "pbx-default",
                "PBX_SITES", "[{name: berlin, port: " + berlinPort + ", timezone: Europe/Berlin, format: '" + custom
                        + "', dateFormat: day/month}]",
                "PBX_ATTRIBUTION_FILE", rules.toString()));
        String seedLine = "170925 1547 00252                    2434 0                2432";
        // 17.09.25 15:47 Berlin, 95 s, abandoned while ringing (H), VDN 5001
        String abandoned = "170925 1547 00095 H 0800123456   24321    98765432 5001  012";
        String answered = "170925 1548 00300 9 0800123457   24322    87654321 6000  013";
        // a long call: an interim record at 10:00 (10 h), then the final record at 11:00
        String interim = "170925 1000 36000 4 0800999999   24323    76543210 6000  014";
        String last = "170925 1100 03600 9 0800999999   24323    76543210 6000  014";
        String broken = "170925 15x7 00095 H 0800123456   24321    98765432 5001  012";

        try (PbxClient seed = pbx(bridge); PbxClient again = new PbxClient("127.0.0.1", bridge.pbxPort());
             PbxClient berlin = new PbxClient("127.0.0.1", berlinPort)) {
            // when the default PBX and berlin send, berlin also an identical seed line (a third PBX would too)
            seed.sendLines(List.of(seedLine, seedLine));
            again.sendLines(List.of(seedLine));
            berlin.sendLines(List.of(abandoned, answered, interim, last, broken));

            // then: the seed line is one call; berlin's records are theirs, the interim one folded in
            Await.until(WAIT, () -> "4 calls in SNS, have " + capture.distinctCalls(), () -> capture.distinctCalls() == 4);
            Await.until(WAIT, "4 rows in PostgreSQL", () -> rowCount() == 4);
        }
        CallEvent abandonedEvent = capture.events().stream().filter(e -> "24321".equals(e.phoneNumber()))
                .findFirst().orElseThrow();
        assertThat(abandonedEvent.campaignId()).isEqualTo("spring-sale");
        assertThat(abandonedEvent.outcome()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(abandonedEvent.timestamp()).isEqualTo(Instant.parse("2025-09-17T13:47:00Z"));
        assertThat(abandonedEvent.metadata()).containsEntry("vdn", "5001").containsEntry("conditionCode", "H")
                .containsEntry("pbx", "berlin").containsEntry("incomingCircuitId", "012")
                .containsEntry("calledNumber", "0800123456");
        CallEvent answeredEvent = capture.events().stream().filter(e -> "24322".equals(e.phoneNumber()))
                .findFirst().orElseThrow();
        assertThat(answeredEvent.campaignId()).isEqualTo("pbx-default");
        assertThat(answeredEvent.outcome()).isEqualTo(Outcome.ANSWERED);
        CallEvent longCall = capture.events().stream().filter(e -> "24323".equals(e.phoneNumber()))
                .findFirst().orElseThrow();
        assertThat(longCall.durationSeconds()).isEqualTo(39_600L);
        assertThat(longCall.startTime()).isEqualTo(Instant.parse("2025-09-16T22:00:00Z"));
        assertThat(longCall.metadata()).containsEntry("interimRecords", 1L);
        assertThat(capture.events().stream().filter(e -> "2432".equals(e.phoneNumber())).count())
                .as("the same seed line from the default PBX, twice, and from a second connection of it").isEqualTo(1);

        // and the rows carry the new columns, and the authorization codes are nowhere
        assertThat(query("SELECT pbx, layout LIKE 'custom-%', campaign_id, condition_code, vdn, incoming_circuit_id, "
                + "duration, interim_records FROM avaya_cdr WHERE calling_number = '24321'"))
                .containsExactly(List.of("berlin", true, "spring-sale", "H", "5001", "012", 95, 0));
        assertThat(query("SELECT duration, interim_records FROM avaya_cdr WHERE calling_number = '24323'"))
                .containsExactly(List.of(39_600, 1));
        String everything = query("SELECT row_to_json(a)::text FROM avaya_cdr a").toString()
                + capture.events().stream().map(e -> capture.message(e.callId())).toList();
        for (String secret : List.of("98765432", "87654321", "76543210")) {
            assertThat(everything).doesNotContain(secret);
            try (var files = Files.walk(spoolDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as(file.toString()).doesNotContain(secret);
                }
            }
        }
        assertThat(Files.readString(spoolDir.resolve(RejectedLinesFile.FILE_NAME))).contains("15x7")
                .contains("********");
        String logged = logs.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(logged).as("the log lines were captured").contains("rejected a PBX line").contains("15x7");
        for (String secret : List.of("98765432", "87654321", "76543210")) {
            assertThat(logged).doesNotContain(secret);
        }
    }

    private AvayaBridge startBridge(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SNS_TOPIC_ARN", TOPIC);
        env.put("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:" + snsPort);
        env.put("NET_SOCKET_ADDR", "127.0.0.1");
        env.put("NET_SOCKET_PORT", "0");
        env.put("BRIDGE_HEALTH_ADDR", "127.0.0.1");
        env.put("BRIDGE_HEALTH_PORT", "0");
        env.put("SPOOL_DIR", spoolDir.toString());
        env.put("SPOOL_SEGMENT_BYTES", "65536");
        env.put("BRIDGE_RETRY_MAX_MILLIS", "400");
        env.put("BRIDGE_SHUTDOWN_GRACE_SECONDS", "5");
        env.put("DB_HOST", postgres.host());
        env.put("DB_PORT", String.valueOf(postgres.port()));
        env.put("DB_NAME", EmbeddedPostgresServer.DATABASE);
        env.put("DB_USER", EmbeddedPostgresServer.USER);
        env.putAll(extra);
        BridgeConfig config = BridgeConfig.fromEnv(env);
        SnsClient client = SnsClients.create(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        toClose.add(client);
        AvayaBridge bridge = new AvayaBridge(config, client, Clock.systemUTC()).start();
        toClose.add(bridge);
        return bridge;
    }

    private PbxClient pbx(AvayaBridge bridge) throws IOException {
        return new PbxClient("127.0.0.1", bridge.pbxPort());
    }

    private JsonNode health(AvayaBridge bridge) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bridge.healthPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long rowCount() {
        try {
            return (Long) query("SELECT count(*) FROM avaya_cdr").get(0).get(0);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static List<List<Object>> query(String sql) throws SQLException {
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
