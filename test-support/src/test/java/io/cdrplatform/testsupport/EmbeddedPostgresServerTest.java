package io.cdrplatform.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void realPostgresKeepsItsDataAcrossAnOutageOnTheSamePort() throws SQLException {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            int port = postgres.port();
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (x integer)");
                statement.execute("INSERT INTO t VALUES (42)");
            }

            postgres.stop();
            assertThrows(SQLException.class, () -> DriverManager.getConnection(postgres.jdbcUrl()).close());
            postgres.restart();

            assertEquals(port, postgres.port());
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT x FROM t")) {
                rows.next();
                assertEquals(42, rows.getInt(1));
            }
        }
    }
}
