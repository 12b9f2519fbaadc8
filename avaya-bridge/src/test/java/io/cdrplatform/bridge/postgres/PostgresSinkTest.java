package io.cdrplatform.bridge.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.bridge.BridgeConfig.PostgresConfig;
import io.cdrplatform.bridge.delivery.DeliveryOutcome;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.bridge.Fixtures;
import io.cdrplatform.bridge.records.RecordSetup;
import io.cdrplatform.bridge.records.SpooledRecord;
import io.cdrplatform.bridge.rejected.SetAside;
import io.cdrplatform.testsupport.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresSinkTest {

    private static final String RECORD = "170925 1547 00252                    2434 0                2432";
    private static final Instant T0 = Instant.parse("2025-09-17T15:48:00Z");
    private static EmbeddedPostgresServer postgres;

    @TempDir
    Path spoolDir;
    private RejectedLinesFile rejectedLines;
    private final AtomicLong refused = new AtomicLong();

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        rejectedLines = RejectedLinesFile.open(spoolDir);
        sql("DROP TABLE IF EXISTS avaya_cdr");
    }

    @AfterEach
    void tearDown() throws Exception {
        rejectedLines.close();
    }

    @Test
    void createsTheSeedTableAndInsertsTheSeedRowForEachRecord() throws Exception {
        try (PostgresSink sink = sink(ZoneId.of("UTC"))) {
            DeliveryOutcome outcome = sink.deliver(List.of(entry(0, RECORD)));

            assertThat(outcome.isComplete()).isTrue();
        }
        List<List<Object>> rows = query("SELECT date, duration, calling_number, called_number, call_code, call_id FROM avaya_cdr");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0)).isEqualTo(LocalDateTime.parse("2025-09-17T15:44:08"));
        assertThat(rows.get(0).subList(1, 5)).containsExactly(172, "2432", "2434", "0");
        assertThat((String) rows.get(0).get(5)).startsWith("avaya-");
    }

    @Test
    void theDateIsThePbxLocalStartTime() throws Exception {
        try (PostgresSink sink = sink(ZoneId.of("Europe/Berlin"))) {
            sink.deliver(List.of(entry(0, RECORD)));
        }
        assertThat(query("SELECT date FROM avaya_cdr")).containsExactly(List.of(LocalDateTime.parse("2025-09-17T15:44:08")));
    }

    @Test
    void deliveringTheSameLinesAgainNeverAddsASecondRow() throws Exception {
        List<SpooledRecord> entries = List.of(entry(0, RECORD), entry(1, RECORD.replace("1547", "1548")),
                entry(2, "  " + RECORD + "  "));
        try (PostgresSink sink = sink(ZoneId.of("UTC"))) {
            assertThat(sink.deliver(entries).isComplete()).isTrue();
            assertThat(sink.deliver(entries).isComplete()).isTrue();
        }
        try (PostgresSink another = sink(ZoneId.of("UTC"))) {
            assertThat(another.deliver(entries).isComplete()).isTrue();
        }
        assertThat(query("SELECT count(*), count(DISTINCT call_id) FROM avaya_cdr"))
                .containsExactly(List.of(2L, 2L));
    }

    @Test
    void anExistingSeedTableKeepsItsColumnsAndRowsAndGainsACallIdColumn() throws Exception {
        sql("CREATE TABLE avaya_cdr (date TIMESTAMP, duration INTEGER, calling_number VARCHAR(20), "
                + "called_number VARCHAR(20), call_code VARCHAR(10))");
        sql("INSERT INTO avaya_cdr VALUES ('2025-01-01 10:00:00', 5, '100', '200', '0')");

        try (PostgresSink sink = sink(ZoneId.of("UTC"))) {
            assertThat(sink.deliver(List.of(entry(0, RECORD))).isComplete()).isTrue();
            assertThat(sink.deliver(List.of(entry(0, RECORD))).isComplete()).isTrue();
        }

        assertThat(query("SELECT calling_number, call_id IS NULL FROM avaya_cdr ORDER BY date"))
                .containsExactly(List.of("100", true), List.of("2432", false));
        assertThat(query("SELECT character_maximum_length FROM information_schema.columns "
                + "WHERE table_name = 'avaya_cdr' AND column_name = 'calling_number'")).containsExactly(List.of(20));
    }

    @Test
    void aRowTheTableRefusesForItsDataIsSetAsideAndTheOthersGoIn() throws Exception {
        sql("CREATE TABLE avaya_cdr (date TIMESTAMP, duration INTEGER, calling_number VARCHAR(4), "
                + "called_number VARCHAR(20), call_code VARCHAR(10))");
        String tooLong = RECORD.replace("2432", "24329999");

        try (PostgresSink sink = sink(ZoneId.of("UTC"))) {
            DeliveryOutcome outcome = sink.deliver(List.of(entry(0, RECORD), entry(1, tooLong),
                    entry(2, RECORD.replace("1547", "1550"))));

            assertThat(outcome.isComplete()).isTrue();
        }
        assertThat(query("SELECT count(*) FROM avaya_cdr")).containsExactly(List.of(2L));
        assertThat(refused.get()).isEqualTo(1);
        rejectedLines.sync();
        assertThat(Files.readString(spoolDir.resolve(RejectedLinesFile.FILE_NAME)))
                .contains("postgres").contains("24329999");
    }

    @Test
    void whilePostgresIsDownNothingIsDeliveredAndOnceBackEverythingIs() throws Exception {
        try (PostgresSink sink = sink(ZoneId.of("UTC"))) {
            assertThat(sink.deliver(List.of(entry(0, RECORD))).isComplete()).isTrue();

            postgres.stop();
            try {
                DeliveryOutcome down = sink.deliver(List.of(entry(1, RECORD.replace("1547", "1551"))));
                assertThat(down.undelivered()).hasSize(1);
                assertThat(down.error()).isNotBlank();
            } finally {
                postgres.restart();
            }

            assertThat(sink.deliver(List.of(entry(1, RECORD.replace("1547", "1551")))).isComplete()).isTrue();
        }
        assertThat(query("SELECT count(*) FROM avaya_cdr")).containsExactly(List.of(2L));
    }

    private ZoneId zone = ZoneId.of("UTC");

    private PostgresSink sink(ZoneId pbxZone) {
        zone = pbxZone;
        PostgresConfig config = new PostgresConfig(postgres.host(), postgres.port(), EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.USER, "");
        return new PostgresSink(config, new SetAside(rejectedLines, refused::addAndGet, Clock.systemUTC()));
    }

    private SpooledRecord entry(long seq, String line) {
        return records(RecordSetup.seed(zone, "avaya"), List.of(new SpoolEntry(seq, T0, line))).get(0);
    }

    private List<SpooledRecord> records(RecordSetup setup, List<SpoolEntry> entries) {
        return Fixtures.spooled(setup, entries, rejectedLines, refused::addAndGet);
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
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof java.sql.Timestamp ts ? ts.toLocalDateTime() : value);
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
