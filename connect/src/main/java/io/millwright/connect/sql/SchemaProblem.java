package io.millwright.connect.sql;

/**
 * The database is reachable but does not have what the definition names: a missing table or column,
 * a watermark column that is neither a number nor a timestamp. A plant fixes it in the database or
 * the definition; the connector keeps retrying until then.
 */
final class SchemaProblem extends Exception {

  private static final long serialVersionUID = 1L;

  SchemaProblem(String message) {
    super(message);
  }
}
