package io.millwright.connect.sql;

import java.util.List;

/**
 * One row of the results table as read, before its cells become samples.
 *
 * @param watermark the row's watermark column
 * @param timeMillis the row's own time, or the time it was read
 * @param cells the tag columns' raw values, in the order of {@link ResultsTable#tags()}
 */
record ResultRow(Watermark watermark, long timeMillis, Object[] cells) {

  /**
   * The rows of a batch that can be delivered now. When a batch is full, rows beyond the limit may
   * share the last row's watermark value, and the next query asks for values greater than the last
   * delivered, so those rows would be skipped. The rows with the last value are therefore left for
   * the next batch, which reads them again together with any that follow (one row read twice per
   * batch when the watermark is unique). A full batch that shares one value throughout is delivered
   * whole: the batch size must exceed the rows a machine writes with one watermark value, and the
   * documentation says so.
   */
  static List<ResultRow> deliverable(List<ResultRow> rows, int batchSize) {
    if (rows.size() < batchSize || rows.isEmpty()) {
      return rows;
    }
    Object last = rows.getLast().watermark().value();
    int end = rows.size();
    while (end > 0 && rows.get(end - 1).watermark().value().equals(last)) {
      end--;
    }
    return end == 0 ? rows : rows.subList(0, end);
  }
}
