package io.millwright.historian.duckdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables. A sample row holds a tag id from the tag dictionary and a quality code from the
 * quality dictionary instead of strings, and one typed value column per kind so that a tag's column
 * of doubles compresses as doubles (the others are all NULL there and cost next to nothing).
 *
 * <p>Samples live in two tables with the same columns. {@code inbox} takes every batch as it
 * arrives (appending is all an ingest does); {@link Compactor} moves it into {@code samples},
 * clustered by tag and without duplicates, so that one tag's range reads only the row groups that
 * hold it. {@code latest_snapshot} is the newest sample per tag as of the last compaction; the
 * newest per tag is otherwise kept in memory ({@link LatestCache}).
 */
final class Schema {

  static final String TAGS = "tags";
  static final String QUALITIES = "qualities";
  static final String INBOX = "inbox";
  static final String LATEST_SNAPSHOT = "latest_snapshot";

  /** The columns of a sample row after the tag, in the order the appender writes them. */
  static final String SAMPLE_COLUMNS = "tag, ts, kind, d, l, s, q";

  private static final String SAMPLE_ROW =
      " (tag INTEGER NOT NULL, ts BIGINT NOT NULL, kind TINYINT NOT NULL, d DOUBLE, l BIGINT,"
          + " s VARCHAR, q INTEGER NOT NULL)";

  private Schema() {}

  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, path VARCHAR NOT NULL)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS qualities"
              + " (code INTEGER PRIMARY KEY, severity TINYINT NOT NULL, reason VARCHAR NOT NULL)");
      statement.execute("CREATE TABLE IF NOT EXISTS samples" + SAMPLE_ROW);
      statement.execute("CREATE TABLE IF NOT EXISTS inbox" + SAMPLE_ROW);
      statement.execute("CREATE TABLE IF NOT EXISTS latest_snapshot" + SAMPLE_ROW);
      Rollups.createTables(statement);
    }
    connection.commit();
  }
}
