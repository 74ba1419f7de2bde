package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Moves the inbox into {@code samples}: clustered by tag, each (tag, ts) once, also against what
 * earlier compactions stored. Clustered rows give each row group a narrow tag range, so DuckDB's
 * zone maps let a one-tag query skip the other tags' row groups.
 *
 * <p>The order within a compaction is chosen for compression as much as for reads: by blocks of
 * {@value #TAG_BLOCK} tag ids, within a block by value kind, then by time, then by tag. Tags polled
 * together share their timestamps, which DuckDB then stores as runs; sorted by tag then time
 * instead, every tag's few rows start a new ramp and the timestamps cost about 2.5 bytes a sample.
 * Kinds apart make the columns a kind leaves NULL (a double's {@code l}, a counter's {@code d})
 * mostly all-NULL groups that cost nothing, instead of costing bits on every row. A tag with at
 * least {@value #OWN_RUN} rows in the inbox is sorted on its own by time, so that a query of a fast
 * tag does not read its block neighbours' rows, and its regular timestamps compress as deltas.
 * Measured on the benchmark's data (1.29 million samples of 10,000 tags, 2 loaded cores): 6.1
 * bytes/sample sorted by (tag, ts), 4.3 in arrival order, 3.5 in this order; one tag's hour read in
 * 2.3 ms against 1.9 ms sorted by (tag, ts) and 5.3 ms in arrival order (fastest of 500 each).
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

  static final int TAG_BLOCK = 256;
  static final int OWN_RUN = 2048;

  // The anti-join reads only samples at or after the inbox's oldest timestamp: compactions append
  // in time order, so DuckDB's zone maps on ts skip older runs (a backfill of old data reads more).
  private static final String MOVE =
      "INSERT INTO samples SELECT i.tag, i.ts, i.kind, i.d, i.l, i.s, i.q"
          + " FROM (SELECT DISTINCT ON (tag, ts) * FROM inbox) i"
          + " JOIN (SELECT tag, count(*) AS n FROM inbox GROUP BY tag) per_tag USING (tag)"
          + " WHERE NOT EXISTS"
          + " (SELECT 1 FROM samples c WHERE c.ts >= ? AND c.tag = i.tag AND c.ts = i.ts)"
          + " ORDER BY i.tag // "
          + TAG_BLOCK
          + ", i.kind, CASE WHEN per_tag.n >= "
          + OWN_RUN
          + " THEN i.tag ELSE -1 END, i.ts, i.tag";

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
