package io.millwright.jobs.erp.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the staging tables from the documented DDL ({@code postgresql.sql}, {@code mariadb.sql},
 * {@code h2.sql} beside this class), if they do not exist. For the demo and tests only: in a plant
 * the tables belong to the ERP middleware, which creates and migrates them.
 */
public final class StagingTables {

  private StagingTables() {}

  /** Creates the tables with their default names. */
  public static void createTables(Connection connection, Dialect dialect) throws SQLException {
    createTables(
        connection,
        dialect,
        SqlErpConfig.DEFAULT_ORDERS_TABLE,
        SqlErpConfig.DEFAULT_CONFIRMATIONS_TABLE);
  }

  /**
   * Creates the tables with the given names (plain identifiers, optionally schema-qualified, as
   * {@link SqlErpConfig} takes them).
   */
  public static void createTables(
      Connection connection, Dialect dialect, String ordersTable, String confirmationsTable)
      throws SQLException {
    if (!SqlErpConfig.isIdentifier(ordersTable) || !SqlErpConfig.isIdentifier(confirmationsTable)) {
      throw new IllegalArgumentException("table names must be plain SQL identifiers");
    }
    try (Statement s = connection.createStatement()) {
      for (String statement : statements(dialect)) {
        s.execute(
            statement
                .replaceAll("\\b" + SqlErpConfig.DEFAULT_ORDERS_TABLE + "\\b", ordersTable)
                .replaceAll(
                    "\\b" + SqlErpConfig.DEFAULT_CONFIRMATIONS_TABLE + "\\b", confirmationsTable));
      }
    }
  }

  /** The script's statements: comment lines dropped, split at semicolons ending a line. */
  static List<String> statements(Dialect dialect) {
    String script;
    try (InputStream in = StagingTables.class.getResourceAsStream(dialect.script())) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + dialect.script());
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
