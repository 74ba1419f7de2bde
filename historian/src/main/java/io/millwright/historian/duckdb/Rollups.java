package io.millwright.historian.duckdb;

import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.Reaggregation;
import io.millwright.historian.store.RollupBucket;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.duckdb.DuckDBConnection;

/**
 * Rollup buckets in DuckDB ({@code rollups}, one row per tag, width and bucket start), the
 * watermark up to which they are complete ({@code rollup_state}, one row), and aggregates that read
 * them where a tag's raw samples have expired ({@code raw_kept_from}, see {@link Retention}).
 */
final class Rollups {

  private static final String RANGE = " WHERE ts >= ? AND ts < ? AND tag >= ? AND tag < ?";

  // Same bucketing, quality and NaN rules as Reader's aggregate, so that rollups equal what raw
  // samples gave. The rows are the compacted ones and the inbox's, which may repeat them; samples
  // before the tag's expiry time are stragglers whose bucket is gone.
  private static final String ROLL_UP =
      "INSERT INTO rollups (tag, width, start, n, total, lo, hi, first_ts, first_v, last_ts,"
          + " last_v) SELECT tag, ?, ts - ((ts % ?) + ?) % ? AS b, count(*), sum(v), min(v),"
          + " max(v), min(ts), arg_min(v, ts), max(ts), arg_max(v, ts) FROM ("
          + "SELECT DISTINCT ON (u.tag, u.ts) u.tag, u.ts, "
          + ValueColumns.NUMBER_SQL
          + " AS v FROM (SELECT tag, ts, kind, d, l, q FROM samples"
          + RANGE
          + " UNION ALL SELECT tag, ts, kind, d, l, q FROM inbox"
          + RANGE
          + ") u LEFT JOIN raw_kept_from k ON k.tag = u.tag"
          + " WHERE u.q = 0 AND u.kind IN (1, 2) AND (k.keep_from IS NULL OR u.ts >= k.keep_from))"
          + " WHERE NOT isnan(v) GROUP BY tag, b"
          + " ON CONFLICT (tag, width, start) DO UPDATE SET n = excluded.n,"
          + " total = excluded.total, lo = excluded.lo, hi = excluded.hi,"
          + " first_ts = excluded.first_ts, first_v = excluded.first_v,"
          + " last_ts = excluded.last_ts, last_v = excluded.last_v";

  private static final String ADVANCE =
      "INSERT INTO rollup_state VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET"
          + " rolled_up_to = CASE WHEN rollup_state.width = excluded.width"
          + " THEN greatest(rollup_state.rolled_up_to, excluded.rolled_up_to)"
          + " ELSE excluded.rolled_up_to END, width = excluded.width";

  private static final String READ =
      "SELECT r.start, r.n, r.total, r.lo, r.hi, r.first_ts, r.first_v, r.last_ts, r.last_v"
          + " FROM rollups r JOIN rollup_state st ON st.width = r.width"
          + " WHERE r.tag = (SELECT id FROM tags WHERE path = ?) AND r.start >= ? AND r.start < ?"
          + " ORDER BY r.start";

  static final int TAGS_PER_STATEMENT = 100;

  private Rollups() {}

  /** The tables; called when the schema is created. */
  static void createTables(Statement statement) throws SQLException {
    statement.execute(
        "CREATE TABLE IF NOT EXISTS raw_kept_from"
            + " (tag INTEGER PRIMARY KEY, keep_from BIGINT NOT NULL)");
    statement.execute(
        "CREATE TABLE IF NOT EXISTS rollups (tag INTEGER NOT NULL, width BIGINT NOT NULL,"
            + " start BIGINT NOT NULL, n BIGINT NOT NULL, total DOUBLE NOT NULL,"
            + " lo DOUBLE NOT NULL, hi DOUBLE NOT NULL, first_ts BIGINT NOT NULL,"
            + " first_v DOUBLE NOT NULL, last_ts BIGINT NOT NULL, last_v DOUBLE NOT NULL,"
            + " PRIMARY KEY (tag, width, start))");
    statement.execute(
        "CREATE TABLE IF NOT EXISTS rollup_state"
            + " (id INTEGER PRIMARY KEY, width BIGINT NOT NULL, rolled_up_to BIGINT NOT NULL)");
  }

  static long rollUp(DuckDBConnection c, long from, long to, long width) throws SQLException {
    int tags;
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) FROM tags")) {
      r.next();
      tags = r.getInt(1);
    }
    long written = 0;
    try (PreparedStatement s = c.prepareStatement(ROLL_UP)) {
      // A few tags per statement: removing duplicates hashes every sample of the range, and an
      // hour of a thousand tags does not fit the edge box's memory limit in one go.
      for (int tag = 0; tag <= tags; tag += TAGS_PER_STATEMENT) {
        s.setLong(1, width);
        s.setLong(2, width);
        s.setLong(3, width);
        s.setLong(4, width);
        for (int part = 0; part < 2; part++) {
          s.setLong(5 + 4 * part, from);
          s.setLong(6 + 4 * part, to);
          s.setInt(7 + 4 * part, tag);
          s.setInt(8 + 4 * part, tag + TAGS_PER_STATEMENT);
        }
        written += s.executeUpdate();
      }
    }
    try (PreparedStatement s = c.prepareStatement(ADVANCE)) {
      s.setLong(1, width);
      s.setLong(2, to);
      s.executeUpdate();
    }
    return written;
  }

  static OptionalLong watermark(DuckDBConnection c, long width) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT rolled_up_to FROM rollup_state WHERE width = ?")) {
      s.setLong(1, width);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** Deletes the buckets starting before the time, a day at a time. */
  static long expire(InTransaction.Runner steps, long before) {
    long oldest =
        steps.run(
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet r = s.executeQuery("SELECT min(start) FROM rollups")) {
                r.next();
                long min = r.getLong(1);
                return r.wasNull() ? before : min;
              }
            });
    long deleted = 0;
    for (long from = oldest; from < before; ) {
      long to = before - from > Retention.DAY ? from + Retention.DAY : before;
      long chunkEnd = to;
      deleted +=
          steps.run(
              c -> {
                try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM rollups WHERE start < ?")) {
                  s.setLong(1, chunkEnd);
                  return (long) s.executeUpdate();
                }
              });
      from = to;
    }
    return deleted;
  }

  /**
   * The tag's buckets: from rollups before its raw expiry time, from raw samples after it. Without
   * an expiry time this is the raw aggregate alone.
   */
  static List<Bucket> aggregate(
      DuckDBConnection c, Reader reader, String tag, long from, long to, long width)
      throws SQLException {
    long keptFrom = Retention.keptFrom(reader, tag);
    if (from >= keptFrom) {
      return reader.aggregate(tag, from, to, width);
    }
    List<RollupBucket> rollups = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(READ)) {
      s.setString(1, tag);
      s.setLong(2, from);
      s.setLong(3, Math.min(to, keptFrom));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rollups.add(
              new RollupBucket(
                  r.getLong(1),
                  r.getLong(2),
                  r.getDouble(3),
                  r.getDouble(4),
                  r.getDouble(5),
                  r.getLong(6),
                  r.getDouble(7),
                  r.getLong(8),
                  r.getDouble(9)));
        }
      }
    } finally {
      c.commit();
    }
    List<Bucket> fromRaw =
        to > keptFrom ? reader.aggregate(tag, keptFrom, to, width) : List.<Bucket>of();
    return Reaggregation.join(Reaggregation.fold(rollups, width), fromRaw);
  }
}
