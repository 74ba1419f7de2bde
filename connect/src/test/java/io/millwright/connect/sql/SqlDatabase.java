package io.millwright.connect.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real database server under test: how to reach it, its dialect's DDL for the tables the tests
 * use, and a way to take it down and back.
 */
interface SqlDatabase extends AutoCloseable {

  String url();

  String user();

  String password();

  Connection connect() throws SQLException;

  /**
   * A results table with an increasing id, the row's time, and text, number and boolean columns;
   * {@code cycles} is text so that a row can hold a value that is not a number.
   */
  String resultsTableById(String name);

  /** A results table whose watermark is its timestamp column {@code made_at}, with microseconds. */
  String resultsTableByTime(String name);

  /** The command table as docs/machines-sql.md specifies it. */
  String commandTable(String name);

  /** Sessions of {@link #user()} open on the server, not counting the one that asks. */
  int sessions() throws SQLException;

  /** Stops the server at once, as a crash would. */
  void halt() throws Exception;

  /** Starts it again; returns once it accepts connections. */
  void resume() throws Exception;

  /** Stops the server and deletes its files. */
  @Override
  void close();
}
