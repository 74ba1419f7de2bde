package io.millwright.connect.sql;

import java.sql.SQLException;

/** Database errors in one line for operators: drivers often add stack-like detail lines. */
final class SqlErrors {

  private SqlErrors() {}

  static String oneLine(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    String line = (newline < 0 ? message : message.substring(0, newline)).strip();
    if (e instanceof SQLException s && s.getSQLState() != null && !line.contains(s.getSQLState())) {
      line += " (SQLSTATE " + s.getSQLState() + ")";
    }
    return line;
  }
}
