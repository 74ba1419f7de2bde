package io.millwright.jobs.erp.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;

/**
 * One row of the orders table as text, the way the database renders each column. Reading every
 * column as text and parsing it here (not with {@code getLong} or {@code getTimestamp}) means a
 * column of an unexpected type, or a value the site cannot read, spoils only its own row, never the
 * batch; and a timestamp's text is the value stored, untouched by any session time zone.
 */
record StagedRow(
    long id,
    String orderNumber,
    String operation,
    String product,
    String quantity,
    String machine,
    String setpoints,
    String idealCycleMs,
    String plannedStart,
    String plannedEnd,
    String priority) {

  /** The select list {@link #read} expects, in its order. */
  static final String COLUMNS =
      "id, order_number, operation, product, quantity, machine, setpoints, ideal_cycle_ms,"
          + " planned_start, planned_end, priority";

  /**
   * Which of the planned start and end columns of a result selecting {@link #COLUMNS} are
   * timestamps (and not, in a middleware's own table, text).
   */
  static boolean[] timestampColumns(ResultSet rs) throws SQLException {
    return new boolean[] {
      rs.getMetaData().getColumnType(9) == Types.TIMESTAMP,
      rs.getMetaData().getColumnType(10) == Types.TIMESTAMP
    };
  }

  /**
   * The current row of a result selecting {@link #COLUMNS}.
   *
   * @param timestamps the result's {@link #timestampColumns}
   */
  static StagedRow read(ResultSet rs, boolean[] timestamps) throws SQLException {
    return new StagedRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        timestamp(rs, 9, timestamps[0]),
        timestamp(rs, 10, timestamps[1]),
        rs.getString(11));
  }

  /**
   * A timestamp column as ISO text ({@code 2026-03-29T02:30}); a column of another type, or one the
   * driver will not give as a local date-time (PostgreSQL's {@code timestamptz}, a MariaDB zero
   * date), as the database's text, which the mapper parses or refuses.
   */
  private static String timestamp(ResultSet rs, int column, boolean timestampColumn)
      throws SQLException {
    if (timestampColumn) {
      try {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toString();
      } catch (SQLException e) {
        // Not convertible: the text below is what the mapper gets instead.
      }
    }
    return rs.getString(column);
  }

  /** The row as a line of text, for the dead-letter list. */
  String raw() {
    return "id="
        + id
        + ", order_number="
        + quoted(orderNumber)
        + ", operation="
        + quoted(operation)
        + ", product="
        + quoted(product)
        + ", quantity="
        + quoted(quantity)
        + ", machine="
        + quoted(machine)
        + ", setpoints="
        + quoted(setpoints)
        + ", ideal_cycle_ms="
        + quoted(idealCycleMs)
        + ", planned_start="
        + quoted(plannedStart)
        + ", planned_end="
        + quoted(plannedEnd)
        + ", priority="
        + quoted(priority);
  }

  private static String quoted(String value) {
    return value == null ? "NULL" : "'" + value + "'";
  }
}
