package io.millwright.historian.duckdb;

import io.millwright.core.sample.Quality;
import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.Reaggregation;
import io.millwright.historian.store.StoredSample;
import io.millwright.historian.store.TagFilter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * The queries. Tag filters are matched in memory against the tag dictionary (thousands of paths,
 * microseconds), so SQL only ever sees tag ids; the latest values come from memory.
 */
final class Reader implements AutoCloseable {

  private static final String COLUMNS = "ts, kind, d, l, s, q";

  private static final String RANGE = " WHERE tag = ? AND ts >= ? AND ts < ?";

  /** A tag's range once compacted: no duplicates are left. */
  private static final String COMPACTED = "SELECT " + COLUMNS + " FROM samples" + RANGE;

  /** A tag's range while the inbox holds rows: it may repeat itself and what is compacted. */
  private static final String WITH_INBOX =
      "SELECT DISTINCT ON (ts) * FROM ("
          + COMPACTED
          + " UNION ALL SELECT "
          + COLUMNS
          + " FROM inbox"
          + RANGE
          + ")";

  private static final String RAW_COMPACTED = raw(COMPACTED);
  private static final String RAW_WITH_INBOX = raw(WITH_INBOX);
  private static final String AGGREGATE_COMPACTED = aggregate(COMPACTED);
  private static final String AGGREGATE_WITH_INBOX = aggregate(WITH_INBOX);
  private static final String INBOX_SPAN = "SELECT min(ts), max(ts) FROM inbox" + RANGE;

  private final Dictionary<String> tags;
  private final LatestCache latest;
  private final DuckDBConnection connection;
  private final Dictionary<Quality> qualities;
  private final Compactor compactor;

  // Prepared once per query text: DuckDB's prepare costs about as much as a one-tag query itself.
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  private String[] sortedPaths = new String[0];

  Reader(
      Dictionary<String> tags,
      LatestCache latest,
      DuckDBConnection connection,
      Dictionary<Quality> qualities,
      Compactor compactor) {
    this.tags = tags;
    this.latest = latest;
    this.connection = connection;
    this.qualities = qualities;
    this.compactor = compactor;
  }

  /** The statement for the text, prepared on this reader's connection at its first use. */
  PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      prepared.put(sql, statement);
    }
    return statement;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement statement : prepared.values()) {
      statement.close();
    }
    prepared.clear();
  }

  private static String raw(String rows) {
    return rows + " ORDER BY ts LIMIT ?";
  }

  // Floor division, so that buckets before 1970 start at multiples of the width too.
  private static String aggregate(String rows) {
    return "SELECT ts - ((ts % ?) + ?) % ? AS b, count(*), min(v), max(v), avg(v),"
        + " arg_min(v, ts), arg_max(v, ts) FROM (SELECT ts, "
        + ValueColumns.NUMBER_SQL
        + " AS v FROM ("
        + rows
        + ") WHERE q = 0 AND kind IN (1, 2)) WHERE NOT isnan(v) GROUP BY b ORDER BY b";
  }

  /** The parts of a tag's rows to read: the compacted ones, and the inbox's while it has rows. */
  private int parts() {
    return compactor.inboxEmpty() ? 1 : 2;
  }

  /**
   * Binds tag, from and to of each part of the rows of one tag's range (one part for {@link
   * #COMPACTED}, two for {@link #WITH_INBOX}); returns the next parameter's index.
   */
  private static int bindRange(
      PreparedStatement statement, int first, int parts, int tag, long from, long to)
      throws SQLException {
    int index = first;
    for (int part = 0; part < parts; part++) {
      statement.setInt(index++, tag);
      statement.setLong(index++, from);
      statement.setLong(index++, to);
    }
    return index;
  }

  /**
   * The matching paths in order: a binary search finds where the filter's fixed prefix starts in
   * the sorted paths, so "the 1,000 tags of one area" reads those 1,000, not all 10,000 paths.
   */
  List<String> tags(TagFilter filter, int limit) {
    String[] paths = sortedPaths();
    // "a/#" matches "a" itself too, which its prefix "a/" would skip.
    String prefix = filter.prefix();
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    int start = Arrays.binarySearch(paths, prefix);
    List<String> matching = new ArrayList<>();
    for (int i = start < 0 ? -start - 1 : start;
        i < paths.length && matching.size() < limit && paths[i].startsWith(prefix);
        i++) {
      if (filter.matches(paths[i])) {
        matching.add(paths[i]);
      }
    }
    return matching;
  }

  /** The committed tag paths, sorted again only after new tags arrived (tags are never removed). */
  private String[] sortedPaths() {
    if (sortedPaths.length != tags.size()) {
      sortedPaths = tags.keys().toArray(String[]::new);
      Arrays.sort(sortedPaths);
    }
    return sortedPaths;
  }

  List<StoredSample> latest(TagFilter filter, int limit) {
    List<StoredSample> samples = new ArrayList<>();
    for (String path : tags(filter, limit)) {
      StoredSample sample = latest.get(tags.committedCode(path));
      if (sample != null) {
        samples.add(sample);
      }
    }
    return samples;
  }

  List<StoredSample> raw(String tag, long from, long to, int limit) throws SQLException {
    Integer id = tags.committedCode(tag);
    if (id == null || from >= to || limit <= 0) {
      return List.of();
    }
    List<StoredSample> samples = new ArrayList<>();
    try {
      PreparedStatement statement =
          prepared(compactor.inboxEmpty() ? RAW_COMPACTED : RAW_WITH_INBOX);
      statement.setInt(bindRange(statement, 1, parts(), id, from, to), limit);
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
    try {
      if (compactor.inboxEmpty()) {
        return aggregate(AGGREGATE_COMPACTED, 1, id, from, to, width);
      }
      // Rows can repeat only where the tag's inbox rows lie (the last minutes, or a backfill):
      // only that span is made distinct. Making a whole day distinct tripled its cost, and the
      // inbox is seldom empty while machines report.
      PreparedStatement span = prepared(INBOX_SPAN);
      span.setInt(1, id);
      span.setLong(2, from);
      span.setLong(3, to);
      long first;
      long last;
      try (ResultSet row = span.executeQuery()) {
        row.next();
        first = row.getLong(1);
        if (row.wasNull()) {
          return aggregate(AGGREGATE_COMPACTED, 1, id, from, to, width);
        }
        last = row.getLong(2);
      }
      List<Bucket> before =
          from < first ? aggregate(AGGREGATE_COMPACTED, 1, id, from, first, width) : List.of();
      List<Bucket> inbox = aggregate(AGGREGATE_WITH_INBOX, 2, id, first, last + 1, width);
      List<Bucket> after =
          last + 1 < to ? aggregate(AGGREGATE_COMPACTED, 1, id, last + 1, to, width) : List.of();
      return Reaggregation.join(Reaggregation.join(before, inbox), after);
    } finally {
      connection.commit();
    }
  }

  /** The buckets of one query over one tag's rows from one part (compacted) or two. */
  private List<Bucket> aggregate(String sql, int parts, int tag, long from, long to, long width)
      throws SQLException {
    PreparedStatement statement = prepared(sql);
    statement.setLong(1, width);
    statement.setLong(2, width);
    statement.setLong(3, width);
    bindRange(statement, 4, parts, tag, from, to);
    List<Bucket> buckets = new ArrayList<>();
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
    return buckets;
  }

  /** A sample from {@code ts, kind, d, l, s, q} starting at the given column. */
  private StoredSample sample(String tag, ResultSet row, int column) throws SQLException {
    return sample(tag, row, column, qualities);
  }

  static StoredSample sample(String tag, ResultSet row, int column, Dictionary<Quality> qualities)
      throws SQLException {
    long ts = row.getLong(column);
    int code = row.getInt(column + 5);
    Quality quality = code == Database.GOOD ? Quality.GOOD : qualities.keyOf(code);
    return new StoredSample(tag, ts, ValueColumns.read(row, column + 1), quality);
  }
}
