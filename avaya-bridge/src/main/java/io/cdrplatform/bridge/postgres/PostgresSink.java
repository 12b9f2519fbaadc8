package io.cdrplatform.bridge.postgres;

import io.cdrplatform.bridge.BridgeConfig.PostgresConfig;
import io.cdrplatform.bridge.delivery.DeliveryOutcome;
import io.cdrplatform.bridge.delivery.Sink;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.text.SafeText;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts the seed's {@code avaya_cdr} row for each spooled line, idempotently: the table gets a
 * {@code call_id} column with a unique index, and rows go in with {@code ON CONFLICT (call_id) DO
 * NOTHING}, so a line delivered twice (after a crash or restart) never makes a second row. A batch
 * is one transaction. Connection errors are returned for retry (the connection is rebuilt); a row
 * PostgreSQL refuses for its data (SQLSTATE class 22, e.g. a value too long for an existing seed
 * column) is set aside in the rejected-lines file so that it cannot hold back the rows after it.
 */
public final class PostgresSink implements Sink {

    public static final String NAME = "postgres";
    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);
    private static final int MAX_BATCH = 500;

    static final List<String> SCHEMA = List.of(
            // The seed's columns, as the seed named them; date is the PBX-local start time.
            "CREATE TABLE IF NOT EXISTS avaya_cdr ("
                    + "date TIMESTAMP, duration INTEGER, calling_number VARCHAR(32), called_number VARCHAR(32), "
                    + "call_code VARCHAR(8), call_id VARCHAR(64))",
            // What idempotency needs, added to a seed table that predates the bridge too.
            "ALTER TABLE avaya_cdr ADD COLUMN IF NOT EXISTS call_id VARCHAR(64)",
            "CREATE UNIQUE INDEX IF NOT EXISTS avaya_cdr_call_id_key ON avaya_cdr (call_id)");

    static final String INSERT = "INSERT INTO avaya_cdr (date, duration, calling_number, called_number, call_code, call_id) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING";

    private final PostgresConfig config;
    private final AvayaRecordParser parser;
    private final ZoneId pbxZone;
    private final RejectedLinesFile rejectedLines;
    private final LongConsumer refusedCounter;
    private final Clock clock;
    private Connection connection;

    public PostgresSink(PostgresConfig config, AvayaRecordParser parser, ZoneId pbxZone,
                        RejectedLinesFile rejectedLines, LongConsumer refusedCounter, Clock clock) {
        this.config = config;
        this.parser = parser;
        this.pbxZone = pbxZone;
        this.rejectedLines = rejectedLines;
        this.refusedCounter = refusedCounter;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    @Override
    public DeliveryOutcome deliver(List<SpoolEntry> entries) {
        List<Row> rows = new ArrayList<>(entries.size());
        for (SpoolEntry entry : entries) {
            AvayaParseResult parsed = parser.parse(entry.line());
            if (parsed instanceof AvayaParseResult.Parsed ok) {
                rows.add(new Row(entry, ok.record()));
            } else {
                setAside(entry, "no longer parses: " + ((AvayaParseResult.Unparseable) parsed).reason());
            }
        }
        if (rows.isEmpty()) {
            return DeliveryOutcome.delivered();
        }
        try {
            insert(connection(), rows);
            return DeliveryOutcome.delivered();
        } catch (SQLException e) {
            closeConnection();
            if (isDataError(e)) {
                return insertOneByOne(rows);
            }
            return DeliveryOutcome.failed(entries, describe(e));
        }
    }

    @Override
    public void close() {
        closeConnection();
    }

    private record Row(SpoolEntry entry, AvayaRecord record) {
    }

    private Connection connection() throws SQLException {
        if (connection != null) {
            return connection;
        }
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        properties.setProperty("ApplicationName", "avaya-bridge");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("reWriteBatchedInserts", "true");
        Connection opened = DriverManager.getConnection(config.jdbcUrl(), properties);
        try (Statement statement = opened.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        opened.setAutoCommit(false);
        connection = opened;
        log.info("connected to PostgreSQL {}; table avaya_cdr is ready", config);
        return connection;
    }

    private void insert(Connection target, List<Row> rows) throws SQLException {
        try (PreparedStatement statement = target.prepareStatement(INSERT)) {
            for (Row row : rows) {
                bind(statement, row.record());
                statement.addBatch();
            }
            statement.executeBatch();
            target.commit();
        } catch (SQLException e) {
            rollbackQuietly(target);
            throw e;
        }
    }

    /** After a data error in a batch: each row in its own transaction, refused rows set aside. */
    private DeliveryOutcome insertOneByOne(List<Row> rows) {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            try {
                insert(connection(), List.of(row));
            } catch (SQLException e) {
                if (isDataError(e)) {
                    setAside(row.entry(), "PostgreSQL refused the row: " + describe(e));
                } else {
                    closeConnection();
                    return DeliveryOutcome.failed(rows.subList(i, rows.size()).stream().map(Row::entry).toList(),
                            describe(e));
                }
            }
        }
        return DeliveryOutcome.delivered();
    }

    private void bind(PreparedStatement statement, AvayaRecord record) throws SQLException {
        statement.setObject(1, LocalDateTime.ofInstant(record.startedAt(), pbxZone));
        statement.setInt(2, Math.toIntExact(record.durationSeconds()));
        statement.setString(3, record.callingNumber());
        statement.setString(4, record.calledNumber());
        statement.setString(5, record.callCode());
        statement.setString(6, record.callId());
    }

    private void setAside(SpoolEntry entry, String reason) {
        refusedCounter.accept(1);
        log.atError().addKeyValue("line", SafeText.escape(entry.line()))
                .log("spool line {} cannot go to PostgreSQL and goes to the rejected-lines file: {}", entry.seq(),
                        SafeText.escape(reason));
        try {
            rejectedLines.write(clock.instant(), "spool:" + entry.seq(), "postgres: " + reason, entry.line());
        } catch (RuntimeException e) {
            log.error("could not write to the rejected-lines file", e);
        }
    }

    /** SQLSTATE class 22: the data itself is wrong for the column, so a retry cannot help. */
    static boolean isDataError(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            String state = current.getSQLState();
            if (state != null && state.startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(SQLException e) {
        SQLException detail = e.getNextException() != null ? e.getNextException() : e;
        return "PostgreSQL " + (detail.getSQLState() == null ? "" : detail.getSQLState() + " ") + detail.getMessage();
    }

    private static void rollbackQuietly(Connection target) {
        try {
            if (!target.isClosed()) {
                target.rollback();
            }
        } catch (SQLException e) {
            // the connection is replaced anyway
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken
            }
            connection = null;
        }
    }
}
