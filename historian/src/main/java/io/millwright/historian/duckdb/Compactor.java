package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Moves the inbox into {@code samples}: sorted by (tag, ts), each (tag, ts) once, also against what
 * earlier compactions stored. Sorted rows give each row group a narrow tag range, so DuckDB's zone
 * maps let a one-tag query skip the other tags' row groups, and a tag's values side by side
 * compress better than the arrival order's mix of tags.
 *
 * <p>One transaction moves the rows, empties the inbox and rewrites {@code latest_snapshot} from
 * memory. A {@code kill -9} mid-way leaves the state before it (DuckDB replays only committed
 * transactions from its WAL), so nothing is lost or doubled, and the snapshot always covers
 * everything that is in {@code samples}: on open, the snapshot plus the inbox give the exact latest
 * sample of each tag.
 *
 * <p>Run when the inbox has reached a number of rows, by the append that reaches it. That bounds
 * what a compaction sorts (1,000,000 rows sort within DuckDB's 32 MB memory limit of the edge box,
 * spilling to the database's temporary directory when needed), the rows a query must collapse
 * duplicates in, and what an open reads to rebuild the latest values.
 */
final class Compactor {

  /** Inbox rows that trigger a compaction. */
  static final long DEFAULT_THRESHOLD = 1_000_000;

  // The anti-join reads only samples at or after the inbox's oldest timestamp: compactions append
  // in time order, so DuckDB's zone maps on ts skip older runs (a backfill of old data reads more).
  private static final String MOVE =
      "INSERT INTO samples SELECT "
          + Schema.SAMPLE_COLUMNS
          + " FROM (SELECT DISTINCT ON (tag, ts) * FROM inbox) i WHERE NOT EXISTS"
          + " (SELECT 1 FROM samples c WHERE c.ts >= ? AND c.tag = i.tag AND c.ts = i.ts)"
          + " ORDER BY tag, ts";

  private final DuckDBConnection connection;
  private final LatestCache latest;
  private final Dictionary<Quality> qualities;
  private final long threshold;
  private long inboxRows;
  private long dueAt;

  Compactor(
      DuckDBConnection connection,
      LatestCache latest,
      Dictionary<Quality> qualities,
      long threshold,
      long inboxRows) {
    this.connection = connection;
    this.latest = latest;
    this.qualities = qualities;
    this.threshold = threshold;
    this.inboxRows = inboxRows;
    this.dueAt = threshold;
  }

  /** Counts rows a committed append put into the inbox. */
  void added(int rows) {
    inboxRows += rows;
  }

  boolean inboxEmpty() {
    return inboxRows == 0;
  }

  boolean due() {
    return inboxRows >= dueAt;
  }

  /**
   * Compacts the inbox, whatever its size. After a failure the transaction is rolled back and the
   * next attempt waits for another quarter of the threshold, so a failing compaction (disk full)
   * does not tax every append.
   */
  void compact() throws SQLException {
    if (inboxRows == 0) {
      return;
    }
    try {
      move();
      writeSnapshot();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      dueAt = inboxRows + Math.max(1, threshold / 4);
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    inboxRows = 0;
    dueAt = threshold;
  }

  private void move() throws SQLException {
    long oldest;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT min(ts) FROM inbox")) {
      rows.next();
      oldest = rows.getLong(1);
    }
    try (PreparedStatement statement = connection.prepareStatement(MOVE)) {
      statement.setLong(1, oldest);
      statement.execute();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM inbox");
      statement.execute("DELETE FROM latest_snapshot");
    }
  }

  private void writeSnapshot() throws SQLException {
    try (DuckDBAppender rows = connection.createAppender(Schema.LATEST_SNAPSHOT)) {
      latest.forEach(
          (tag, sample) ->
              Writer.appendRow(rows, tag, sample, Writer.qualityCode(qualities, sample.quality())));
    }
  }
}
