package io.millwright.connect.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * What a watermark (or row timestamp) column holds, and how its values travel between JDBC, the
 * query and the checkpoint file. Values keep the column's own precision (a timestamp's microseconds
 * included), so that {@code > ?} continues exactly after the last row read.
 */
enum WatermarkType {
  /** A whole number: an identity, serial or AUTO_INCREMENT column. */
  NUMBER("number") {
    @Override
    Object read(ResultSet rs, int column) throws SQLException {
      long n = rs.getLong(column);
      return rs.wasNull() ? null : n;
    }

    @Override
    Object parse(String text) {
      return Long.parseLong(text);
    }
  },
  /** A timestamp without time zone (PostgreSQL timestamp, MariaDB DATETIME, H2 TIMESTAMP). */
  TIMESTAMP("timestamp") {
    @Override
    Object read(ResultSet rs, int column) throws SQLException {
      return rs.getObject(column, LocalDateTime.class);
    }

    @Override
    Object parse(String text) {
      return LocalDateTime.parse(text);
    }
  },
  /** A timestamp with time zone (PostgreSQL timestamptz). */
  TIMESTAMP_TZ("timestamptz") {
    @Override
    Object read(ResultSet rs, int column) throws SQLException {
      return rs.getObject(column, OffsetDateTime.class);
    }

    @Override
    Object parse(String text) {
      return OffsetDateTime.parse(text);
    }
  };

  private final String fileName;

  WatermarkType(String fileName) {
    this.fileName = fileName;
  }

  /** The column's value in this row, null for NULL. */
  abstract Object read(ResultSet rs, int column) throws SQLException;

  /**
   * A value written by {@link #format}.
   *
   * @throws java.time.format.DateTimeParseException or NumberFormatException when it is not
   */
  abstract Object parse(String text);

  String format(Object value) {
    return value.toString();
  }

  void bind(PreparedStatement statement, int parameter, Object value) throws SQLException {
    statement.setObject(parameter, value);
  }

  /** The name in the checkpoint file. */
  String fileName() {
    return fileName;
  }

  static Optional<WatermarkType> ofFileName(String name) {
    for (WatermarkType t : values()) {
      if (t.fileName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type of a result column, empty when it is neither a whole number nor a timestamp. */
  static Optional<WatermarkType> of(ResultSetMetaData meta, int column) throws SQLException {
    int sqlType = meta.getColumnType(column);
    String name = String.valueOf(meta.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
    return switch (sqlType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Optional.of(NUMBER);
      case Types.NUMERIC, Types.DECIMAL ->
          meta.getScale(column) == 0 ? Optional.of(NUMBER) : Optional.empty();
      case Types.TIMESTAMP_WITH_TIMEZONE -> Optional.of(TIMESTAMP_TZ);
      // PostgreSQL's driver reports timestamptz as TIMESTAMP; the type name tells them apart.
      case Types.TIMESTAMP ->
          Optional.of(
              name.equals("timestamptz") || name.contains("with time zone")
                  ? TIMESTAMP_TZ
                  : TIMESTAMP);
      default -> Optional.empty();
    };
  }
}
