package io.millwright.historian.postgres;

import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.StoredSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The read queries, each a single statement over the samples table. */
final class Queries {

  /** A numeric sample as a double; booleans and text are excluded by the kind. */
  private static final String NUMBER = "coalesce(%1$s.num, %1$s.lng::double precision)";

  private final String latest;
  private final String raw;
  private final String aggregate;

  Queries(Schema schema) {
    String sample = schema.sample();
    // One index probe per tag: on the (tag_id, ts) key, newest first, across the partitions in
    // descending order, stopping at the first row found.
    latest =
        "SELECT q.id, "
            + SampleRows.COLUMNS
            + " FROM unnest(?::integer[]) AS q(id) CROSS JOIN LATERAL (SELECT * FROM "
            + sample
            + " x WHERE x.tag_id = q.id ORDER BY x.ts DESC LIMIT 1) s";
    raw =
        "SELECT "
            + SampleRows.COLUMNS
            + " FROM "
            + sample
            + " s WHERE s.tag_id = ? AND s.ts >= ? AND s.ts < ? ORDER BY s.ts LIMIT ?";
    // Buckets by floor division (the modulo is made non-negative for times before the epoch); the
    // first and last values are fetched by key from each bucket's earliest and latest timestamp.
    aggregate =
        "WITH g AS (SELECT ts - ((ts % ?) + ?) % ? AS start, count(*) AS n, min(v) AS lo,"
            + " max(v) AS hi, avg(v) AS mean, min(ts) AS fts, max(ts) AS lts FROM (SELECT ts, "
            + NUMBER.formatted("s")
            + " AS v FROM "
            + sample
            + " s WHERE s.tag_id = ? AND s.ts >= ? AND s.ts < ? AND s.severity = 0"
            + " AND s.kind IN (1, 2)) n WHERE v <> 'NaN'::double precision GROUP BY 1)"
            + " SELECT g.start, g.n, g.lo, g.hi, g.mean, "
            + NUMBER.formatted("f")
            + ", "
            + NUMBER.formatted("l")
            + " FROM g JOIN "
            + sample
            + " f ON f.tag_id = ? AND f.ts = g.fts JOIN "
            + sample
            + " l ON l.tag_id = ? AND l.ts = g.lts ORDER BY g.start";
  }

  /** The latest sample of each tag that has one, in the order given. */
  List<StoredSample> latest(Connection c, List<Tags.Tag> tags) throws SQLException {
    Map<Integer, StoredSample> byId = new HashMap<>();
    Map<Integer, String> paths = new HashMap<>();
    Object[] ids = new Object[tags.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tags.get(i).id();
      paths.put(tags.get(i).id(), tags.get(i).path());
    }
    try (PreparedStatement s = c.prepareStatement(latest)) {
      s.setArray(1, c.createArrayOf("integer", ids));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          int id = r.getInt(1);
          byId.put(id, SampleRows.read(paths.get(id), r, 2));
        }
      }
    }
    List<StoredSample> ordered = new ArrayList<>(byId.size());
    for (Tags.Tag tag : tags) {
      StoredSample sample = byId.get(tag.id());
      if (sample != null) {
        ordered.add(sample);
      }
    }
    return ordered;
  }

  List<StoredSample> raw(Connection c, int id, String tag, long from, long to, int limit)
      throws SQLException {
    List<StoredSample> samples = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(raw)) {
      s.setInt(1, id);
      s.setLong(2, from);
      s.setLong(3, to);
      s.setInt(4, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          samples.add(SampleRows.read(tag, r, 1));
        }
      }
    }
    return samples;
  }

  List<Bucket> aggregate(Connection c, int id, long from, long to, long width) throws SQLException {
    List<Bucket> buckets = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(aggregate)) {
      s.setLong(1, width);
      s.setLong(2, width);
      s.setLong(3, width);
      s.setInt(4, id);
      s.setLong(5, from);
      s.setLong(6, to);
      s.setInt(7, id);
      s.setInt(8, id);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          buckets.add(
              new Bucket(
                  r.getLong(1),
                  r.getLong(2),
                  r.getDouble(3),
                  r.getDouble(4),
                  r.getDouble(5),
                  r.getDouble(6),
                  r.getDouble(7)));
        }
      }
    }
    return buckets;
  }
}
