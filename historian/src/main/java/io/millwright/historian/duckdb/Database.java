package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import io.millwright.historian.store.StoredSample;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * One open DuckDB database with what is kept in memory beside it: the dictionaries, the latest
 * sample per tag and the inbox's row count. Discarded as a whole after a failed append, so memory
 * never disagrees with the file.
 */
final class Database implements AutoCloseable {

  /** Good is code 0 in every database and has no row; the others are numbered from 1. */
  static final int GOOD = 0;

  private final DuckDBConnection connection;
  private final Dictionary<String> tags = new Dictionary<>(1);
  private final Dictionary<Quality> qualities = new Dictionary<>(1);
  private final LatestCache latest = new LatestCache();
  private final Writer writer;
  private final Compactor compactor;
  private final Reader reader;

  private Database(DuckDBConnection connection, long compactAtRows) throws SQLException {
    this.connection = connection;
    Schema.create(connection);
    long inboxRows = load();
    this.writer = new Writer(connection, tags, qualities, latest);
    this.compactor = new Compactor(connection, latest, qualities, compactAtRows, inboxRows);
    this.reader = new Reader(tags, latest, connection, qualities, compactor);
  }

  static Database open(Path file, DuckDbSettings settings, long compactAtRows) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("memory_limit", settings.memoryLimit());
    properties.setProperty("threads", Integer.toString(settings.threads()));
    DuckDBConnection connection =
        (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
    try {
      connection.setAutoCommit(false);
      return new Database(connection, compactAtRows);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Reads the dictionaries and rebuilds the latest values: the snapshot covers everything
   * compacted, the inbox everything appended since. Returns the inbox's row count.
   */
  private long load() throws SQLException {
    long inboxRows;
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
      loadLatest(statement, "SELECT " + Schema.SAMPLE_COLUMNS + " FROM latest_snapshot");
      loadLatest(
          statement,
          "SELECT DISTINCT ON (tag) "
              + Schema.SAMPLE_COLUMNS
              + " FROM inbox ORDER BY tag, ts DESC");
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM inbox")) {
        rows.next();
        inboxRows = rows.getLong(1);
      }
    }
    connection.commit();
    return inboxRows;
  }

  private void loadLatest(Statement statement, String query) throws SQLException {
    try (ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        int tag = rows.getInt(1);
        latest.offer(tag, Reader.sample(tags.keyOf(tag), rows, 2, qualities));
      }
    }
  }

  /** Stores a batch durably; see {@link DuckDbStore} for the policy. */
  void append(List<StoredSample> samples) throws SQLException {
    writer.append(samples);
    compactor.added(samples.size());
  }

  boolean compactionDue() {
    return compactor.due();
  }

  void compact() throws SQLException {
    compactor.compact();
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
    try (connection) {
      reader.close();
    }
  }

  /** For the retention and rollup work, which runs its own statements under the store's lock. */
  DuckDBConnection connection() {
    return connection;
  }
}
