package io.millwright.jobs.erp.sql;

import io.millwright.jobs.erp.ErpException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * What an {@link SQLException} means for the sync: worth retrying (the database is away, slow or
 * busy) or not (a table or column is missing or too small, the login is refused), said in a plain
 * sentence. Classified by SQLState class, which PostgreSQL, MariaDB and H2 share, and by the JDBC
 * exception kinds.
 */
final class SqlFailures {

  private SqlFailures() {}

  /** Whether the failure is the connection's: it must be closed and opened anew. */
  static boolean connectionBroken(SQLException e) {
    return e instanceof SQLRecoverableException || "08".equals(stateClass(e));
  }

  /** A constraint refused the row (a duplicate key among others). */
  static boolean constraintViolation(SQLException e) {
    return e instanceof SQLIntegrityConstraintViolationException || "23".equals(stateClass(e));
  }

  /**
   * @param what the action, e.g. {@code "fetching orders from mw_erp_orders"}
   * @param connectionLost the connection proved dead after the failure
   */
  static ErpException classify(String what, SQLException e, boolean connectionLost) {
    String state = e.getSQLState() == null ? "none" : e.getSQLState();
    String detail = " (SQLState " + state + "): " + e.getMessage();
    if (connectionLost || connectionBroken(e)) {
      return new ErpException(what + ": the database connection failed" + detail, true, e);
    }
    if (e instanceof SQLTransientException || transientState(e)) {
      return new ErpException(what + ": the database is busy or timed out" + detail, true, e);
    }
    String reason =
        switch (stateClass(e)) {
          case "28" -> ": the database refused the login";
          case "42" ->
              ": a table or column is missing or not allowed (see the staging tables' DDL)";
          case "22" -> ": a value does not fit its column (see the staging tables' DDL)";
          case "23" -> ": a constraint of the table refused the row";
          default -> ": the database refused it";
        };
    // A refused login or a missing table fails every statement alike (a rotated password, the
    // middleware being redeployed): retried, so no confirmation is given up for it.
    boolean siteWide = stateClass(e).equals("28") || stateClass(e).equals("42");
    return new ErpException(what + reason + (siteWide ? "; will retry" : "") + detail, siteWide, e);
  }

  /**
   * States after which the same statement may well succeed: a transaction rollback (deadlock,
   * serialisation), PostgreSQL's resources (53) and operator intervention (57: a cancelled query, a
   * shutting down server), timeouts (HYT00, HYT01) and MariaDB's interrupted query (70100).
   */
  private static boolean transientState(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    return switch (stateClass(e)) {
      case "40", "53", "57" -> true;
      default -> state.equals("HYT00") || state.equals("HYT01") || state.equals("70100");
    };
  }

  private static String stateClass(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.length() < 2 ? "" : state.substring(0, 2);
  }
}
