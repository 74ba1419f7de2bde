package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * One open DuckDB database with the dictionaries read from it. Discarded as a whole after a failed
 * append, so memory never disagrees with the file.
 */
final class Database implements AutoCloseable {

  /** Good is code 0 in every database and has no row; the others are numbered from 1. */
  static final int GOOD = 0;

  private final DuckDBConnection connection;
  private final Dictionary<String> tags = new Dictionary<>(1);
  private final Dictionary<Quality> qualities = new Dictionary<>(1);
  private final LatestCache latest = new LatestCache();
  private final Writer writer;
  private final Reader reader;

  private Database(DuckDBConnection connection) throws SQLException {
    this.connection = connection;
    Schema.create(connection);
    load();
    this.writer = new Writer(connection, tags, qualities, latest);
    this.reader = new Reader(tags, latest, connection, qualities);
  }

  static Database open(Path file, DuckDbSettings settings) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("memory_limit", settings.memoryLimit());
    properties.setProperty("threads", Integer.toString(settings.threads()));
    DuckDBConnection connection =
        (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
    try {
      connection.setAutoCommit(false);
      return new Database(connection);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private void load() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT id, path FROM tags")) {
        while (rows.next()) {
          tags.load(rows.getString(2), rows.getInt(1));
        }
      }
      try (ResultSet rows =
          statement.executeQuery("SELECT code, severity, reason FROM qualities")) {
        while (rows.next()) {
          Quality.Severity severity = Quality.Severity.values()[rows.getInt(2)];
          qualities.load(new Quality(severity, rows.getString(3)), rows.getInt(1));
        }
      }
      try (ResultSet rows =
          statement.executeQuery("SELECT tag, ts, kind, d, l, s, q FROM latest")) {
        while (rows.next()) {
          latest.offer(
              rows.getInt(1), Reader.sample(tags.keyOf(rows.getInt(1)), rows, 2, qualities));
        }
      }
    }
    connection.commit();
  }

  Writer writer() {
    return writer;
  }

  Reader reader() {
    return reader;
  }

  /** Runs outside a transaction: DuckDB does not checkpoint inside one. */
  void checkpoint() throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } finally {
      connection.setAutoCommit(false);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** For the retention and rollup work, which runs its own statements under the store's lock. */
  DuckDBConnection connection() {
    return connection;
  }
}
