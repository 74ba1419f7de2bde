package io.millwright.historian.postgres;

import io.millwright.historian.store.ExpiryTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Expires raw samples in PostgreSQL. Each tag's expiry time is recorded first ({@link
 * Schema#rawKeptFrom()}); then a daily partition that every tag's time has passed is dropped whole
 * (cheap: no row is visited, no table bloat), and in the partitions only some tags have passed rows
 * are deleted in chunks of {@value #DELETE_CHUNK}, each a transaction of its own so that appends,
 * which share the store's connection, wait for one chunk at most. Only partitions between the tags'
 * previous and new expiry times are visited.
 */
final class Retention {

  private static final int DELETE_CHUNK = 10_000;
  private static final long DAY = Partitions.DAY_MILLIS;

  private final Schema schema;
  private final Partitions partitions;
  private final Connector connector;

  Retention(Schema schema, Partitions partitions, Connector connector) {
    this.schema = schema;
    this.partitions = partitions;
    this.connector = connector;
  }

  long expireRaw(Map<String, Long> keepFromByTag) {
    long[] range =
        connector.transaction("recording raw expiry times", c -> record(c, keepFromByTag));
    long everyTag = connector.transaction("reading raw expiry times", this::passedByEveryTag);
    List<Long> days = connector.transaction("listing partitions", this::days);
    long deleted = 0;
    for (long day : days) {
      long start = day * DAY;
      if (start + DAY <= everyTag) {
        deleted += connector.transaction("dropping an expired partition", c -> drop(c, day));
        partitions.dropped(day);
      } else if (start + DAY > range[0] && start < range[1]) {
        int chunk;
        do {
          chunk = connector.transaction("deleting expired samples", c -> deleteChunk(c, day));
          deleted += chunk;
        } while (chunk == DELETE_CHUNK);
      }
    }
    return deleted;
  }

  /** Records the times that moved forward and returns the range of timestamps to visit. */
  private long[] record(Connection c, Map<String, Long> keepFromByTag) throws SQLException {
    long[] range =
        ExpiryTimes.record(
            c,
            "SELECT id, path FROM " + schema.tag(),
            "SELECT tag_id, keep_from FROM " + schema.rawKeptFrom(),
            "INSERT INTO "
                + schema.rawKeptFrom()
                + " AS k VALUES (?, ?) ON CONFLICT (tag_id) DO UPDATE SET"
                + " keep_from = greatest(k.keep_from, excluded.keep_from)",
            keepFromByTag,
            () -> oldest(c));
    return range == null ? new long[] {0, 0} : range;
  }

  /**
   * The time before which every tag's samples have expired; {@link Long#MIN_VALUE} while some tag
   * keeps all its samples.
   */
  private long passedByEveryTag(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT min(coalesce(k.keep_from, "
                    + Long.MIN_VALUE
                    + ")) FROM "
                    + schema.tag()
                    + " t LEFT JOIN "
                    + schema.rawKeptFrom()
                    + " k ON k.tag_id = t.id")) {
      r.next();
      long min = r.getLong(1);
      return r.wasNull() ? Long.MIN_VALUE : min;
    }
  }

  private List<Long> days(Connection c) throws SQLException {
    return schema.partitionDays(c).stream().sorted().toList();
  }

  private long drop(Connection c, long day) throws SQLException {
    long rows;
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema.partition(day))) {
      r.next();
      rows = r.getLong(1);
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + schema.partition(day));
    }
    return rows;
  }

  private int deleteChunk(Connection c, long day) throws SQLException {
    String partition = schema.partition(day);
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(
          "DELETE FROM "
              + partition
              + " WHERE ctid = ANY(ARRAY(SELECT s.ctid FROM "
              + partition
              + " s JOIN "
              + schema.rawKeptFrom()
              + " k ON k.tag_id = s.tag_id WHERE s.ts < k.keep_from LIMIT "
              + DELETE_CHUNK
              + "))");
    }
  }

  /** The oldest sample's time: the minimum of the oldest partition that holds any. */
  OptionalLong oldest(Connection c) throws SQLException {
    for (long day : days(c)) {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT min(ts) FROM " + schema.partition(day))) {
        r.next();
        long min = r.getLong(1);
        if (!r.wasNull()) {
          return OptionalLong.of(min);
        }
      }
    }
    return OptionalLong.empty();
  }

  /** The tag's raw expiry time, {@link Long#MIN_VALUE} when none of its samples expired. */
  long keptFrom(Connection c, int id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT keep_from FROM " + schema.rawKeptFrom() + " WHERE tag_id = ?")) {
      s.setInt(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : Long.MIN_VALUE;
      }
    }
  }
}
