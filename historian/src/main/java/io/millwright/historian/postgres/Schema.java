package io.millwright.historian.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The store's tables inside one PostgreSQL schema: {@code tag} (the dictionary of UNS paths) and
 * {@code sample}, range-partitioned by day on the timestamp (epoch milliseconds) with one row per
 * tag and timestamp. Creating it is idempotent, so every open may do it.
 *
 * <p>Plain declarative partitioning rather than TimescaleDB: Debian does not package TimescaleDB,
 * so it cannot be installed and tested here. Daily partitions keep each partition's primary-key
 * index small and let retention drop whole days.
 */
final class Schema {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

  private final String name;

  Schema(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a historian schema name is lower-case letters, digits and _, not \"" + name + "\"");
    }
    this.name = name;
  }

  String tag() {
    return '"' + name + "\".tag";
  }

  String sample() {
    return '"' + name + "\".sample";
  }

  /** Each tag's raw expiry time: its samples before it are gone, its rollups answer. */
  String rawKeptFrom() {
    return '"' + name + "\".raw_kept_from";
  }

  String rollup() {
    return '"' + name + "\".rollup";
  }

  /** One row: the rollup width and the watermark up to which its buckets are complete. */
  String rollupState() {
    return '"' + name + "\".rollup_state";
  }

  /** The partition holding the day with this index (days since the epoch, may be negative). */
  String partition(long day) {
    return '"' + name + "\".sample_d" + (day < 0 ? "m" + -day : Long.toString(day));
  }

  void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS \"" + name + '"');
      // The C collation makes a LIKE 'prefix%' an index range scan and orders paths by code point.
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + tag()
              + " (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " path text COLLATE \"C\" NOT NULL UNIQUE)");
      // kind: 0 boolean, 1 long, 2 double, 3 string. Booleans and longs live in lng, doubles in
      // num,
      // text in txt; the other two are null and cost one bit each. severity: 0 Good, 1 Uncertain,
      // 2 Bad; reason is null when Good. Columns ordered so that none needs alignment padding.
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + sample()
              + " (ts bigint NOT NULL, tag_id integer NOT NULL, kind smallint NOT NULL,"
              + " severity smallint NOT NULL, num double precision, lng bigint, txt text,"
              + " reason text, PRIMARY KEY (tag_id, ts)) PARTITION BY RANGE (ts)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + rawKeptFrom()
              + " (tag_id integer PRIMARY KEY, keep_from bigint NOT NULL)");
      // sum and count rather than an average, and first and last with their times, so that
      // buckets combine exactly into wider ones.
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + rollup()
              + " (tag_id integer NOT NULL, width bigint NOT NULL, start bigint NOT NULL,"
              + " n bigint NOT NULL, total double precision NOT NULL, lo double precision NOT NULL,"
              + " hi double precision NOT NULL, first_ts bigint NOT NULL,"
              + " first_v double precision NOT NULL, last_ts bigint NOT NULL,"
              + " last_v double precision NOT NULL, PRIMARY KEY (tag_id, width, start))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + rollupState()
              + " (id boolean PRIMARY KEY CHECK (id), width bigint NOT NULL,"
              + " rolled_up_to bigint NOT NULL)");
    }
  }

  /** Days that already have a partition. */
  Set<Long> partitionDays(Connection c) throws SQLException {
    Set<Long> days = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = '"
                    + sample()
                    + "'::regclass")) {
      while (r.next()) {
        String relname = r.getString(1);
        String day = relname.substring("sample_d".length());
        days.add(day.startsWith("m") ? -Long.parseLong(day.substring(1)) : Long.parseLong(day));
      }
    }
    return days;
  }

  void createPartition(Connection c, long day) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + partition(day)
              + " PARTITION OF "
              + sample()
              + " FOR VALUES FROM ("
              + bound(day)
              + ") TO ("
              + bound(day + 1)
              + ")");
    }
  }

  /** The first millisecond of the day, or the open end where it is beyond a long. */
  private static String bound(long day) {
    try {
      return Long.toString(Math.multiplyExact(day, Partitions.DAY_MILLIS));
    } catch (ArithmeticException e) {
      return day < 0 ? "MINVALUE" : "MAXVALUE";
    }
  }

  /** Bytes on disk of the dictionary and every partition with their indexes and TOAST. */
  long diskBytes(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT pg_total_relation_size('"
                    + tag()
                    + "'::regclass) + (SELECT coalesce(sum(pg_total_relation_size(relid)), 0)"
                    + " FROM pg_partition_tree('"
                    + sample()
                    + "'::regclass))")) {
      r.next();
      return r.getLong(1);
    }
  }
}
