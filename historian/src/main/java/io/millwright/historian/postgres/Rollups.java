package io.millwright.historian.postgres;

import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.Reaggregation;
import io.millwright.historian.store.RollupBucket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Rollup buckets in PostgreSQL (see {@link Schema#rollup()}), their watermark, and aggregates that
 * read them where a tag's raw samples have expired.
 */
final class Rollups {

  private static final int DELETE_CHUNK = 10_000;

  private final String rollUp;
  private final String advance;
  private final String watermark;
  private final String read;
  private final String expire;

  Rollups(Schema schema) {
    // Same bucketing, quality and NaN rules as the raw aggregate, so that rollups equal what raw
    // samples gave; samples before the tag's expiry time are stragglers whose bucket is gone.
    rollUp =
        "INSERT INTO "
            + schema.rollup()
            + " (tag_id, width, start, n, total, lo, hi, first_ts, first_v, last_ts, last_v)"
            + " SELECT tag_id, ?, b, count(*), sum(v), min(v), max(v), min(ts),"
            + " (array_agg(v ORDER BY ts))[1], max(ts), (array_agg(v ORDER BY ts DESC))[1]"
            + " FROM (SELECT s.tag_id, s.ts, s.ts - ((s.ts % ?) + ?) % ? AS b,"
            + " coalesce(s.num, s.lng::double precision) AS v FROM "
            + schema.sample()
            + " s LEFT JOIN "
            + schema.rawKeptFrom()
            + " k ON k.tag_id = s.tag_id WHERE s.ts >= ? AND s.ts < ? AND s.severity = 0"
            + " AND s.kind IN (1, 2) AND (k.keep_from IS NULL OR s.ts >= k.keep_from)) n"
            + " WHERE v <> 'NaN'::double precision GROUP BY tag_id, b"
            + " ON CONFLICT (tag_id, width, start) DO UPDATE SET n = excluded.n,"
            + " total = excluded.total, lo = excluded.lo, hi = excluded.hi,"
            + " first_ts = excluded.first_ts, first_v = excluded.first_v,"
            + " last_ts = excluded.last_ts, last_v = excluded.last_v";
    String state = schema.rollupState();
    advance =
        "INSERT INTO "
            + state
            + " AS st VALUES (true, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            + " rolled_up_to = CASE WHEN st.width = excluded.width"
            + " THEN greatest(st.rolled_up_to, excluded.rolled_up_to)"
            + " ELSE excluded.rolled_up_to END, width = excluded.width";
    watermark = "SELECT rolled_up_to FROM " + state + " WHERE width = ?";
    read =
        "SELECT r.start, r.n, r.total, r.lo, r.hi, r.first_ts, r.first_v, r.last_ts, r.last_v FROM "
            + schema.rollup()
            + " r JOIN "
            + state
            + " st ON st.width = r.width WHERE r.tag_id = ? AND r.start >= ? AND r.start < ?"
            + " ORDER BY r.start";
    expire =
        "DELETE FROM "
            + schema.rollup()
            + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
            + schema.rollup()
            + " WHERE start < ? LIMIT "
            + DELETE_CHUNK
            + "))";
  }

  long rollUp(Connection c, long from, long to, long width) throws SQLException {
    long written;
    try (PreparedStatement s = c.prepareStatement(rollUp)) {
      s.setLong(1, width);
      s.setLong(2, width);
      s.setLong(3, width);
      s.setLong(4, width);
      s.setLong(5, from);
      s.setLong(6, to);
      written = s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(advance)) {
      s.setLong(1, width);
      s.setLong(2, to);
      s.executeUpdate();
    }
    return written;
  }

  OptionalLong watermark(Connection c, long width) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(watermark)) {
      s.setLong(1, width);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** Deletes up to one chunk of buckets starting before the time; returns how many. */
  int expireChunk(Connection c, long before) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(expire)) {
      s.setLong(1, before);
      return s.executeUpdate();
    }
  }

  static boolean lastChunk(int deleted) {
    return deleted < DELETE_CHUNK;
  }

  /**
   * The tag's buckets: from rollups before its raw expiry time, from raw samples after it.
   *
   * @param keptFrom the tag's raw expiry time, {@link Long#MIN_VALUE} when none expired
   */
  List<Bucket> aggregate(
      Connection c, Queries queries, int id, long keptFrom, long from, long to, long width)
      throws SQLException {
    if (from >= keptFrom) {
      return queries.aggregate(c, id, from, to, width);
    }
    List<RollupBucket> rollups = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(read)) {
      s.setInt(1, id);
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
    }
    List<Bucket> fromRaw =
        to > keptFrom ? queries.aggregate(c, id, keptFrom, to, width) : List.<Bucket>of();
    return Reaggregation.join(Reaggregation.fold(rollups, width), fromRaw);
  }
}
