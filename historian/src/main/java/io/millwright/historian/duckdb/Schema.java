package io.millwright.historian.duckdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables. A sample row holds a tag id from the tag dictionary and a quality code from the
 * quality dictionary instead of strings, and one typed value column per kind so that a tag's column
 * of doubles compresses as doubles (the others are all NULL there and cost next to nothing). {@code
 * latest} is the newest sample per tag, kept on append, so that "latest of 1,000 tags" never scans
 * history. {@code latest_stage} carries a batch's newest per tag into it.
 */
final class Schema {

  static final String SAMPLES = "samples";
  static final String TAGS = "tags";
  static final String LATEST_STAGE = "latest_stage";
  static final String QUALITIES = "qualities";

  private static final String VALUE_COLUMNS =
      "kind TINYINT NOT NULL, d DOUBLE, l BIGINT, s VARCHAR, q INTEGER NOT NULL";

  private Schema() {}

  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, path VARCHAR NOT NULL)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS qualities"
              + " (code INTEGER PRIMARY KEY, severity TINYINT NOT NULL, reason VARCHAR NOT NULL)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS samples (tag INTEGER NOT NULL, ts BIGINT NOT NULL, "
              + VALUE_COLUMNS
              + ")");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS latest (tag INTEGER PRIMARY KEY, ts BIGINT NOT NULL, "
              + VALUE_COLUMNS
              + ")");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS latest_stage (tag INTEGER NOT NULL, ts BIGINT NOT NULL, "
              + VALUE_COLUMNS
              + ")");
      Rollups.createTables(statement);
    }
    connection.commit();
  }
}
