package io.millwright.connect.sql;

import io.millwright.core.sample.Quality;

/** A value in the results table that does not fit its tag: NULL, the wrong type, out of range. */
final class BadCell extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason the OPC UA symbolic name the sample carries, {@code Bad_TypeMismatch}
   * @param detail what was wrong, in operator words, for the last error and the log
   */
  BadCell(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  Quality quality() {
    return Quality.bad(reason);
  }
}
