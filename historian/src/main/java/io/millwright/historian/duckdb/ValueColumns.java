package io.millwright.historian.duckdb;

import io.millwright.core.sample.Value;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * A value as the columns {@code kind, d, l, s}: booleans and integers in {@code l}, doubles in
 * {@code d}, text in {@code s}, the other two NULL. The kind codes are stored, so they never
 * change.
 */
final class ValueColumns {

  static final int BOOL = 0;
  static final int LONG = 1;
  static final int DOUBLE = 2;
  static final int TEXT = 3;

  /** The value as a double for aggregates, from whichever column holds it. */
  static final String NUMBER_SQL = "CASE kind WHEN 1 THEN l::DOUBLE ELSE d END";

  private ValueColumns() {}

  static void append(DuckDBAppender appender, Value value) throws SQLException {
    switch (value) {
      case Value.Bool b -> appender.append((byte) BOOL).appendNull().append(b.value() ? 1L : 0L);
      case Value.Int64 i -> appender.append((byte) LONG).appendNull().append(i.value());
      case Value.Float64 f -> appender.append((byte) DOUBLE).append(f.value()).appendNull();
      case Value.Text t -> appender.append((byte) TEXT).appendNull().appendNull();
    }
    if (value instanceof Value.Text text) {
      appender.append(text.value());
    } else {
      appender.appendNull();
    }
  }

  /** Reads the value from {@code kind, d, l, s} starting at the given column. */
  static Value read(ResultSet row, int column) throws SQLException {
    int kind = row.getInt(column);
    return switch (kind) {
      case BOOL -> Value.of(row.getLong(column + 2) != 0);
      case LONG -> Value.of(row.getLong(column + 2));
      case DOUBLE -> Value.of(row.getDouble(column + 1));
      case TEXT -> Value.of(row.getString(column + 3));
      default -> throw new SQLException("unknown value kind " + kind + " in the store");
    };
  }
}
