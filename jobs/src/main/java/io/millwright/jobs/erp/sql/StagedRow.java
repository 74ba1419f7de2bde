package io.millwright.jobs.erp.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

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

  /** The current row of a result selecting {@link #COLUMNS}. */
  static StagedRow read(ResultSet rs) throws SQLException {
    return new StagedRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11));
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
