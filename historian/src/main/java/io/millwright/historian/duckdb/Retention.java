package io.millwright.historian.duckdb;

import io.millwright.historian.store.ExpiryTimes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.duckdb.DuckDBConnection;

/**
 * Expires raw samples in DuckDB. Each tag's expiry time is recorded first ({@code raw_kept_from}),
 * then the rows before it are deleted ten minutes of timestamps at a time, each chunk a transaction
 * of its own under the store's lock, so that an append waits for one chunk at most. Only the range
 * between a tag's previous and new expiry time is visited, so a run costs what expired since the
 * last one rather than a scan of the history.
 */
final class Retention {

  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  /** Timestamps per delete: measured, ten minutes of a thousand 1 Hz tags take about a second. */
  static final long CHUNK = 10 * 60_000L;

  // Expiry times are midnights and chunks are whole parts of an hour, so a chunk lies wholly
  // before or wholly after each tag's time: a semi-join on the tag, cheaper than a join per row.
  private static final String KEPT_FROM =
      "SELECT k.keep_from FROM raw_kept_from k JOIN tags t ON t.id = k.tag WHERE t.path = ?";

  private static final String DELETE =
      " WHERE ts >= ? AND ts < ? AND tag IN (SELECT tag FROM raw_kept_from WHERE keep_from >= ?)";

  private static final String RECORD =
      "INSERT INTO raw_kept_from VALUES (?, ?) ON CONFLICT (tag) DO UPDATE SET"
          + " keep_from = greatest(raw_kept_from.keep_from, excluded.keep_from)";

  private Retention() {}

  static long expireRaw(InTransaction.Runner steps, Map<String, Long> keepFromByTag) {
    // The lowest timestamp that may need deleting: a tag's previous expiry time, or for a tag
    // expiring for the first time the oldest sample of all.
    long[] range = steps.run(c -> record(c, keepFromByTag));
    long deleted = 0;
    long from = range[0];
    while (from < range[1] && !Thread.currentThread().isInterrupted()) {
      // Skip chunks holding nothing: a first expiry may start years back (a tag kept forever, a
      // device clock that said 1970), and an empty transaction per ten minutes would take hours.
      long start = from;
      OptionalLong next = steps.run(c -> oldestFrom(c, start));
      if (next.isEmpty() || next.getAsLong() >= range[1]) {
        break;
      }
      from = Math.max(from, Math.floorDiv(next.getAsLong(), CHUNK) * CHUNK);
      long chunkFrom = from;
      from += CHUNK;
      deleted +=
          steps.run(
              c -> {
                long rows = 0;
                // Compacted samples and those still in the inbox alike.
                for (String table : List.of("samples", Schema.INBOX)) {
                  try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + DELETE)) {
                    s.setLong(1, chunkFrom);
                    s.setLong(2, chunkFrom + CHUNK);
                    s.setLong(3, chunkFrom + CHUNK);
                    rows += s.executeUpdate();
                  }
                }
                return rows;
              });
    }
    return deleted;
  }

  /** Records the times that moved forward and returns the range of timestamps to delete. */
  private static long[] record(DuckDBConnection c, Map<String, Long> keepFromByTag)
      throws SQLException {
    long[] range =
        ExpiryTimes.record(
            c,
            "SELECT id, path FROM tags",
            "SELECT tag, keep_from FROM raw_kept_from",
            RECORD,
            keepFromByTag,
            () -> oldest(c));
    return range == null
        ? new long[] {0, 0}
        : new long[] {Math.floorDiv(range[0], CHUNK) * CHUNK, range[1]};
  }

  /** The oldest sample at or after {@code from}, compacted or in the inbox. */
  private static OptionalLong oldestFrom(DuckDBConnection c, long from) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT min(ts) FROM (SELECT min(ts) AS ts FROM samples WHERE ts >= ?"
                + " UNION ALL SELECT min(ts) FROM inbox WHERE ts >= ?)")) {
      s.setLong(1, from);
      s.setLong(2, from);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long min = r.getLong(1);
        return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(min);
      }
    }
  }

  static OptionalLong oldest(DuckDBConnection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT min(ts) FROM (SELECT min(ts) AS ts FROM samples"
                    + " UNION ALL SELECT min(ts) FROM inbox)")) {
      r.next();
      long min = r.getLong(1);
      return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(min);
    }
  }

  /** The tag's expiry time: raw samples before it are gone. */
  static long keptFrom(Reader reader, String tag) throws SQLException {
    PreparedStatement s = reader.prepared(KEPT_FROM);
    s.setString(1, tag);
    try (ResultSet r = s.executeQuery()) {
      return r.next() ? r.getLong(1) : Long.MIN_VALUE;
    }
  }
}
