package io.millwright.historian.duckdb;

import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/** One step of maintenance work in a transaction of its own: committed whole or not at all. */
final class InTransaction {

  /** Work on the store's connection. */
  interface Work<T> {
    T run(DuckDBConnection connection) throws SQLException;
  }

  /** Runs the work under the store's lock, in one transaction. */
  interface Runner {
    <T> T run(Work<T> work);
  }

  private InTransaction() {}

  static <T> T run(DuckDBConnection connection, Work<T> work) throws SQLException {
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }
}
