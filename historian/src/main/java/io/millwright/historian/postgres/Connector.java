package io.millwright.historian.postgres;

import io.millwright.historian.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The store's one connection, opened on demand: after any SQL error the connection is dropped, so
 * the next call opens a fresh one and the store recovers by itself once the database is back. Every
 * unit of work is one transaction; callers serialize on this object.
 */
final class Connector implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Connector.class.getName());

  /** Work done inside one transaction. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final String url;
  private final Properties properties;
  private final Work<Void> onConnect;
  private Connection connection;
  private boolean failed;

  /**
   * @param onConnect prepares every new connection (session state such as temporary tables) and
   *     drops caches that may have gone stale while the database was away
   */
  Connector(String url, String user, String password, Work<Void> onConnect) {
    this.url = url;
    this.properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("ApplicationName", "millwright-historian");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "10");
    this.onConnect = onConnect;
  }

  /** Runs the work in a transaction and commits it; on failure nothing of it is kept. */
  synchronized <T> T transaction(String what, Work<T> work) {
    try {
      Connection c = connection();
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        discard();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(what + " failed in PostgreSQL: " + e.getMessage(), e);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      if (failed) {
        LOG.log(System.Logger.Level.INFO, "reconnecting to {0}", url);
      }
      failed = true;
      Connection c = DriverManager.getConnection(url, properties);
      try (Statement s = c.createStatement()) {
        // Durability must not depend on the server's or role's default: a commit returns only
        // once its WAL is flushed (and fsynced when the server's fsync is on, its default).
        s.execute("SET synchronous_commit TO on");
        c.setAutoCommit(false);
        onConnect.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      connection = c;
      failed = false;
    }
    return connection;
  }

  /** Drops the connection; a rolled-back or broken transaction leaves nothing behind. */
  private void discard() {
    failed = true;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a broken connection", e);
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.rollback();
        connection.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the connection", e);
      }
      connection = null;
    }
  }
}
