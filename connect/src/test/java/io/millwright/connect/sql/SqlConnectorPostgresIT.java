package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.uns.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL connector against a real PostgreSQL server. */
class SqlConnectorPostgresIT extends SqlConnectorContract {

  /**
   * PostgreSQL folds unquoted names to lower case; the connector quotes, so a table written in
   * upper case in the definition is found under its folded name.
   */
  @Test
  void aTableNameInAnotherCaseIsFoundUnderThePostgresSpelling() throws Exception {
    try (Connection c = database().connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA edge");
      s.execute("CREATE TABLE edge.cmm_results (id BIGINT PRIMARY KEY, serial TEXT)");
      s.execute("INSERT INTO edge.cmm_results VALUES (1, 'S1'), (2, 'S2')");
    }
    RecordingLink link = new RecordingLink();
    try (SqlConnector connector =
        connector(
            "upper",
            Map.of("table", "edge.CMM_RESULTS", "watermark", "id"),
            List.of(Tag.of("part/serial", "serial", DataType.STRING)))) {
      connector.start(link);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> link.goodValues("part/serial").size() == 2);
      assertThat(link.goodValues("part/serial")).containsExactly("S1", "S2");
    }
  }

  @Override
  SqlDatabase startDatabase() throws Exception {
    PostgresServer server = PostgresServer.start();
    return new SqlDatabase() {
      @Override
      public String url() {
        return server.url();
      }

      @Override
      public String user() {
        return PostgresServer.USER;
      }

      @Override
      public String password() {
        return server.password();
      }

      @Override
      public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
      }

      @Override
      public String resultsTableById(String name) {
        return "CREATE TABLE "
            + name
            + " (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, made_at TIMESTAMP(6),"
            + " serial TEXT, cycles TEXT, diameter DOUBLE PRECISION, passed BOOLEAN)";
      }

      @Override
      public String resultsTableByTime(String name) {
        return "CREATE TABLE "
            + name
            + " (made_at TIMESTAMPTZ(6) PRIMARY KEY,"
            + " serial TEXT, cycles TEXT, diameter DOUBLE PRECISION, passed BOOLEAN)";
      }

      @Override
      public String commandTable(String name) {
        return "CREATE TABLE "
            + name
            + " (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tag VARCHAR(63) NOT NULL,"
            + " value TEXT NOT NULL, requested_at TIMESTAMPTZ NOT NULL,"
            + " acknowledged_at TIMESTAMPTZ, error TEXT)";
      }

      @Override
      public int sessions() throws SQLException {
        try (Connection c = connect();
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = current_user AND pid <> pg_backend_pid()")) {
          rs.next();
          return rs.getInt(1);
        }
      }

      @Override
      public void halt() throws Exception {
        server.halt();
      }

      @Override
      public void resume() throws Exception {
        server.resume();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
