package io.millwright.connect.sql;

/**
 * How far the connector has read the results table: the watermark column's value in the last row
 * delivered.
 */
record Watermark(WatermarkType type, Object value) {

  @Override
  public String toString() {
    return type.format(value);
  }
}
