package io.millwright.connect.sql;

import io.millwright.uns.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The SQL connector against a real MariaDB server. */
class SqlConnectorMariaDbIT extends SqlConnectorContract {

  @Override
  SqlDatabase startDatabase() throws Exception {
    MariaDbServer server = MariaDbServer.start();
    return new SqlDatabase() {
      @Override
      public String url() {
        return server.url();
      }

      @Override
      public String user() {
        return MariaDbServer.USER;
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
            + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, made_at DATETIME(6),"
            + " serial VARCHAR(40), cycles VARCHAR(40), diameter DOUBLE, passed BOOLEAN)";
      }

      @Override
      public String resultsTableByTime(String name) {
        return "CREATE TABLE "
            + name
            + " (made_at DATETIME(6) PRIMARY KEY,"
            + " serial VARCHAR(40), cycles VARCHAR(40), diameter DOUBLE, passed BOOLEAN)";
      }

      @Override
      public String commandTable(String name) {
        return "CREATE TABLE "
            + name
            + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, tag VARCHAR(63) NOT NULL,"
            + " value TEXT NOT NULL, requested_at DATETIME(6) NOT NULL,"
            + " acknowledged_at DATETIME(6) NULL, error TEXT NULL)";
      }

      @Override
      public int sessions() throws SQLException {
        try (Connection c = connect();
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '"
                        + user()
                        + "' AND ID <> CONNECTION_ID()")) {
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
