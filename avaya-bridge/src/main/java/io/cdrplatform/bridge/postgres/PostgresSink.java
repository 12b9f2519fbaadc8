package io.cdrplatform.bridge.postgres;

import io.cdrplatform.bridge.BridgeConfig.PostgresConfig;
import io.cdrplatform.bridge.delivery.DeliveryOutcome;
import io.cdrplatform.bridge.delivery.Sink;
import io.cdrplatform.bridge.records.SpooledRecord;
import io.cdrplatform.bridge.rejected.SetAside;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.CdrField;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts an {@code avaya_cdr} row for each spooled record except 10-hour interim records (folded
 * into their call's final row): the seed's columns as the seed filled them, plus nullable columns
 * for every field a layout carries ({@link CdrField#column()}), the PBX, the layout, the campaign, the
 * end time, whether the duration is unknown (CM's {@code 9999}: {@code duration} is then NULL) and
 * how many interim records were folded in. Never the authorization code. Idempotent: the table gets a
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

    /** The seed's text columns: filled as the seed did, by the record's own fields of the same name. */
    private static final Set<String> SEED_COLUMNS = Set.of("calling_number", "called_number", "call_code");

    /** Columns of the fields layouts carry, beside the seed's (each column once: calling-num and clg-num/in-tac share one). */
    static final List<String> FIELD_COLUMNS = Arrays.stream(CdrField.values()).map(CdrField::column)
            .filter(column -> column != null && !SEED_COLUMNS.contains(column))
            .collect(Collectors.toCollection(LinkedHashSet::new)).stream().toList();

    static final List<String> SCHEMA = schema();

    private static List<String> schema() {
        List<String> ddl = new ArrayList<>();
        // The seed's columns, as the seed named them; date is the PBX-local start time.
        ddl.add("CREATE TABLE IF NOT EXISTS avaya_cdr ("
                + "date TIMESTAMP, duration INTEGER, calling_number VARCHAR(32), called_number VARCHAR(32), "
                + "call_code VARCHAR(8), call_id VARCHAR(64))");
        // What idempotency needs, added to a seed table that predates the bridge too.
        ddl.add("ALTER TABLE avaya_cdr ADD COLUMN IF NOT EXISTS call_id VARCHAR(64)");
        ddl.add("CREATE UNIQUE INDEX IF NOT EXISTS avaya_cdr_call_id_key ON avaya_cdr (call_id)");
        // The record layouts' fields and the bridge's own, all nullable, added to any existing table.
        ddl.add("ALTER TABLE avaya_cdr ADD COLUMN IF NOT EXISTS pbx VARCHAR(64), "
                + "ADD COLUMN IF NOT EXISTS layout VARCHAR(64), ADD COLUMN IF NOT EXISTS campaign_id VARCHAR(128), "
                + "ADD COLUMN IF NOT EXISTS end_time TIMESTAMP, ADD COLUMN IF NOT EXISTS duration_unknown BOOLEAN, "
                + "ADD COLUMN IF NOT EXISTS interim_records INTEGER, "
                + FIELD_COLUMNS.stream().map(column -> "ADD COLUMN IF NOT EXISTS " + column + " VARCHAR("
                        + CdrField.MAX_TEXT_LENGTH + ")").collect(Collectors.joining(", ")));
        return List.copyOf(ddl);
    }

    /** The columns every row fills (the seed's, the idempotency key, and the bridge's own). */
    private static final String BASE_COLUMNS = "date, duration, calling_number, called_number, call_code, call_id, pbx, "
            + "layout, campaign_id, end_time, duration_unknown, interim_records";
    private static final int BASE_COLUMN_COUNT = 12;

    /**
     * The insert for rows whose layouts carry {@code fieldColumns} besides the seed's: a seed-layout
     * batch binds the seed's columns and the bridge's own, not thirty NULLs.
     */
    static String insert(List<String> fieldColumns) {
        StringBuilder sql = new StringBuilder("INSERT INTO avaya_cdr (").append(BASE_COLUMNS);
        fieldColumns.forEach(column -> sql.append(", ").append(column));
        sql.append(") VALUES (").append("?, ".repeat(BASE_COLUMN_COUNT + fieldColumns.size() - 1));
        return sql.append("?) ON CONFLICT (call_id) DO NOTHING").toString();
    }

    private final PostgresConfig config;
    private final SetAside setAside;
    private Connection connection;

    public PostgresSink(PostgresConfig config, SetAside setAside) {
        this.config = config;
        this.setAside = setAside;
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
    public DeliveryOutcome deliver(List<SpooledRecord> records) {
        List<SpooledRecord> rows = new ArrayList<>(records.size());
        for (SpooledRecord record : records) {
            if (record.rule().action() != io.cdrplatform.core.avaya.ConditionCodes.Action.INTERIM) {
                rows.add(record);
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
            return DeliveryOutcome.failed(records, describe(e));
        }
    }

    @Override
    public void close() {
        closeConnection();
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

    private void insert(Connection target, List<SpooledRecord> rows) throws SQLException {
        List<String> fieldColumns = fieldColumns(rows);
        try (PreparedStatement statement = target.prepareStatement(insert(fieldColumns))) {
            for (SpooledRecord row : rows) {
                bind(statement, row, fieldColumns);
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
    private DeliveryOutcome insertOneByOne(List<SpooledRecord> rows) {
        for (int i = 0; i < rows.size(); i++) {
            SpooledRecord row = rows.get(i);
            try {
                insert(connection(), List.of(row));
            } catch (SQLException e) {
                if (isDataError(e)) {
                    setAside.entry(NAME, row.entry(), "PostgreSQL refused the row: " + describe(e),
                            row.record().callId(), row.campaignId());
                } else {
                    closeConnection();
                    return DeliveryOutcome.failed(rows.subList(i, rows.size()), describe(e));
                }
            }
        }
        return DeliveryOutcome.delivered();
    }

    /** The field columns (beyond the seed's) that any of the rows has a value for, in table order. */
    private static List<String> fieldColumns(List<SpooledRecord> rows) {
        Set<String> present = new java.util.HashSet<>();
        for (SpooledRecord row : rows) {
            for (CdrField field : row.record().fields().keySet()) {
                if (field.column() != null) {
                    present.add(field.column());
                }
            }
        }
        return FIELD_COLUMNS.stream().filter(present::contains).toList();
    }

    private static void bind(PreparedStatement statement, SpooledRecord row, List<String> fieldColumns)
            throws SQLException {
        AvayaRecord record = row.record();
        statement.setObject(1, record.localStart());
        if (record.durationKnown()) {
            statement.setInt(2, Math.toIntExact(record.durationSeconds()));
        } else {
            statement.setNull(2, Types.INTEGER);
        }
        statement.setString(3, record.callingNumber());
        statement.setString(4, record.calledNumber());
        statement.setString(5, record.callCode());
        statement.setString(6, record.callId());
        statement.setString(7, record.pbx().isEmpty() ? null : record.pbx());
        statement.setString(8, record.layout());
        statement.setString(9, row.campaignId());
        statement.setObject(10, LocalDateTime.of(record.endDate(), record.endTime()));
        statement.setBoolean(11, !record.durationKnown());
        statement.setInt(12, record.interimRecords());
        int index = BASE_COLUMN_COUNT + 1;
        for (String column : fieldColumns) {
            statement.setString(index++, valueOf(record, column));
        }
    }

    private static String valueOf(AvayaRecord record, String column) {
        for (CdrField field : CdrField.values()) {
            if (column.equals(field.column()) && record.fields().containsKey(field)) {
                return record.fields().get(field);
            }
        }
        return null;
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
