package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.StoredSample;
import io.millwright.historian.store.TagFilter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import org.duckdb.DuckDBConnection;

/**
 * The queries. Tag filters are matched in memory against the tag dictionary (thousands of paths,
 * microseconds), so SQL only ever sees tag ids.
 */
final class Reader {

  private static final String COLUMNS = "ts, kind, d, l, s, q";

  private static final String RAW =
      "SELECT DISTINCT ON (ts) "
          + COLUMNS
          + " FROM samples WHERE tag = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?";

  // Floor division, so that buckets before 1970 start at multiples of the width too.
  private static final String AGGREGATE =
      "SELECT ts - ((ts % ?) + ?) % ? AS b, count(*), min(v), max(v), avg(v),"
          + " arg_min(v, ts), arg_max(v, ts) FROM ("
          + "SELECT DISTINCT ON (ts) ts, "
          + ValueColumns.NUMBER_SQL
          + " AS v FROM samples WHERE tag = ? AND ts >= ? AND ts < ? AND q = 0 AND kind IN (1, 2))"
          + " WHERE NOT isnan(v) GROUP BY b ORDER BY b";

  private final DuckDBConnection connection;
  private final Dictionary<String> tags;
  private final Dictionary<Quality> qualities;

  Reader(DuckDBConnection connection, Dictionary<String> tags, Dictionary<Quality> qualities) {
    this.connection = connection;
    this.tags = tags;
    this.qualities = qualities;
  }

  List<String> tags(TagFilter filter, int limit) {
    return tags.keys().stream().filter(filter::matches).sorted().limit(limit).toList();
  }

  List<StoredSample> latest(TagFilter filter, int limit) throws SQLException {
    List<String> paths = tags(filter, limit);
    if (paths.isEmpty()) {
      return List.of();
    }
    StringJoiner ids = new StringJoiner(",", "(", ")");
    paths.forEach(path -> ids.add(Integer.toString(tags.committedCode(path))));
    List<StoredSample> samples = new ArrayList<>(paths.size());
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT tag, " + COLUMNS + " FROM latest WHERE tag IN " + ids)) {
      while (rows.next()) {
        samples.add(sample(tags.keyOf(rows.getInt(1)), rows, 2));
      }
    } finally {
      connection.commit();
    }
    samples.sort(Comparator.comparing(StoredSample::tag));
    return samples;
  }

  List<StoredSample> raw(String tag, long from, long to, int limit) throws SQLException {
    Integer id = tags.committedCode(tag);
    if (id == null || from >= to || limit <= 0) {
      return List.of();
    }
    List<StoredSample> samples = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(RAW)) {
      statement.setInt(1, id);
      statement.setLong(2, from);
      statement.setLong(3, to);
      statement.setInt(4, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          samples.add(sample(tag, rows, 1));
        }
      }
    } finally {
      connection.commit();
    }
    return samples;
  }

  List<Bucket> aggregate(String tag, long from, long to, long width) throws SQLException {
    Integer id = tags.committedCode(tag);
    if (id == null || from >= to) {
      return List.of();
    }
    List<Bucket> buckets = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(AGGREGATE)) {
      statement.setLong(1, width);
      statement.setLong(2, width);
      statement.setLong(3, width);
      statement.setInt(4, id);
      statement.setLong(5, from);
      statement.setLong(6, to);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          buckets.add(
              new Bucket(
                  rows.getLong(1),
                  rows.getLong(2),
                  rows.getDouble(3),
                  rows.getDouble(4),
                  rows.getDouble(5),
                  rows.getDouble(6),
                  rows.getDouble(7)));
        }
      }
    } finally {
      connection.commit();
    }
    return buckets;
  }

  /** A sample from {@code ts, kind, d, l, s, q} starting at the given column. */
  private StoredSample sample(String tag, ResultSet row, int column) throws SQLException {
    long ts = row.getLong(column);
    int code = row.getInt(column + 5);
    Quality quality = code == Database.GOOD ? Quality.GOOD : qualities.keyOf(code);
    return new StoredSample(tag, ts, ValueColumns.read(row, column + 1), quality);
  }
}
