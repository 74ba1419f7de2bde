package io.millwright.jobs.erp.sql;

import io.millwright.jobs.erp.ErpException;

/** The SQL adapter's cursor: the id of the last order row read, as decimal text. */
final class Cursors {

  private Cursors() {}

  /**
   * The row id a cursor names; 0 (before every row) for the empty cursor of the first fetch.
   *
   * @throws ErpException not retryable, for a cursor this adapter never made (another adapter's, or
   *     a corrupted one): fetching again would fail the same way
   */
  static long rowId(String cursor) throws ErpException {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      long id = Long.parseLong(cursor);
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // Falls through to the refusal below.
    }
    String shown = cursor.length() <= 40 ? cursor : cursor.substring(0, 40) + "...";
    throw new ErpException(
        "the SQL adapter's cursor must be a row id (a whole number), not '" + shown + "'", false);
  }
}
