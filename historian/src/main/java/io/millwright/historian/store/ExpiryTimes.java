package io.millwright.historian.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Records each tag's raw expiry time where it moved forward, for both stores' retention: the same
 * bookkeeping over their own tables. Returns the range of timestamps the deletes must visit: from a
 * tag's previous expiry time (or, for a tag expiring the first time, the oldest sample of all) to
 * the newest expiry time.
 */
public final class ExpiryTimes {

  /** Reads the store's oldest sample; called at most once, and only when a tag expires first. */
  @FunctionalInterface
  public interface Oldest {
    OptionalLong read() throws SQLException;
  }

  private ExpiryTimes() {}

  /**
   * @param tagsQuery selects (id, path) of every tag
   * @param keptQuery selects (tag id, expiry time) of every tag that has one
   * @param upsert stores (tag id, expiry time), never moving a stored one back
   * @return {lowest, highest}, or null when no tag's time moved
   */
  public static long[] record(
      Connection c,
      String tagsQuery,
      String keptQuery,
      String upsert,
      Map<String, Long> keepFromByTag,
      Oldest oldestSample)
      throws SQLException {
    Map<String, Integer> ids = new HashMap<>();
    Map<Integer, Long> previous = new HashMap<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery(tagsQuery)) {
        while (r.next()) {
          ids.put(r.getString(2), r.getInt(1));
        }
      }
      try (ResultSet r = s.executeQuery(keptQuery)) {
        while (r.next()) {
          previous.put(r.getInt(1), r.getLong(2));
        }
      }
    }
    long lowest = Long.MAX_VALUE;
    long highest = Long.MIN_VALUE;
    OptionalLong oldest = null;
    int moved = 0;
    try (PreparedStatement s = c.prepareStatement(upsert)) {
      for (Map.Entry<String, Long> entry : keepFromByTag.entrySet()) {
        Integer id = ids.get(entry.getKey());
        if (id == null) {
          continue;
        }
        long keepFrom = entry.getValue();
        Long before = previous.get(id);
        if (before != null && before >= keepFrom) {
          continue;
        }
        if (before == null && oldest == null) {
          oldest = oldestSample.read();
        }
        s.setInt(1, id);
        s.setLong(2, keepFrom);
        s.addBatch();
        moved++;
        lowest = Math.min(lowest, before == null ? oldest.orElse(keepFrom) : before);
        highest = Math.max(highest, keepFrom);
      }
      if (moved > 0) {
        s.executeBatch();
      }
    }
    return moved == 0 ? null : new long[] {lowest, highest};
  }
}
