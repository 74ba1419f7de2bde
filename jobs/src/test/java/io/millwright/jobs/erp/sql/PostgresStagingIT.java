package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.jobs.erp.Delivery;
import io.millwright.uns.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL adapter against a real PostgreSQL server (the historian's test kit). */
class PostgresStagingIT extends StagingAdapterContract {

  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  SqlErpConfig config() {
    return SqlErpConfig.of(server.url(), PostgresServer.USER, server.password());
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(server.url(), PostgresServer.USER, server.password());
  }

  @Override
  String timestampText(String column) {
    return "to_char(" + column + ", 'YYYY-MM-DD HH24:MI:SS.US')";
  }

  @Override
  String otherSessionsQuery() {
    return "SELECT count(*) FROM pg_stat_activity WHERE usename = '"
        + PostgresServer.USER
        + "' AND pid <> pg_backend_pid()";
  }

  @Test
  void schemaQualifiedTablesWork() throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS middleware CASCADE");
      s.execute("CREATE SCHEMA middleware");
    }
    StagingTables.createTables(db, Dialect.POSTGRESQL, "middleware.orders", "middleware.confirms");
    try (Statement s = db.createStatement()) {
      s.execute(
          "INSERT INTO middleware.orders (order_number, product, quantity) VALUES ('S1', 'P', 3)");
    }
    try (SqlStagingAdapter qualified =
        new SqlStagingAdapter(config().withTables("middleware.orders", "middleware.confirms"))) {
      assertThat(orderNumbers(qualified.fetch("", 10))).containsExactly("S1");
      assertThat(qualified.confirm(confirmation("s-1", "RUNNING", Instant.now())))
          .isEqualTo(Delivery.ACCEPTED);
    }
    // The default tables stayed untouched.
    assertThat(adapter.fetch("", 10).orders()).isEmpty();
  }
}
