package io.millwright.connect.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A table as the database has it: its spelling and its columns, found by an empty query. Names from
 * the definition are matched exactly first and then ignoring case, because databases fold unquoted
 * names differently (PostgreSQL to lower case, H2 to upper case) while the connector always quotes.
 */
final class TableColumns {

  /** One column of the table. */
  record Column(String name, Optional<WatermarkType> orderable, String typeName) {}

  private final TableName table;
  private final String quote;
  private final List<Column> columns;

  private TableColumns(TableName table, String quote, List<Column> columns) {
    this.table = table;
    this.quote = quote;
    this.columns = List.copyOf(columns);
  }

  /**
   * @throws SchemaProblem when the table does not exist or may not be read
   * @throws SQLException when the database cannot be asked (the link is down)
   */
  static TableColumns probe(Connection connection, TableName wanted, int timeoutSeconds)
      throws SQLException, SchemaProblem {
    DatabaseMetaData meta = connection.getMetaData();
    String quote = quote(meta);
    List<TableName> spellings = new ArrayList<>(List.of(wanted));
    String name = wanted.table().name();
    if (meta.storesUpperCaseIdentifiers()) {
      spellings.add(wanted.withTable(name.toUpperCase(Locale.ROOT)));
    } else if (meta.storesLowerCaseIdentifiers()) {
      spellings.add(wanted.withTable(name.toLowerCase(Locale.ROOT)));
    }
    SQLException missing = null;
    for (TableName spelling : spellings.stream().distinct().toList()) {
      try (Statement s = connection.createStatement()) {
        s.setQueryTimeout(timeoutSeconds);
        try (ResultSet rs =
            s.executeQuery("SELECT * FROM " + spelling.quoted(quote) + " WHERE 1 = 0")) {
          ResultSetMetaData rsMeta = rs.getMetaData();
          List<Column> columns = new ArrayList<>();
          for (int i = 1; i <= rsMeta.getColumnCount(); i++) {
            columns.add(
                new Column(
                    rsMeta.getColumnName(i),
                    WatermarkType.of(rsMeta, i),
                    rsMeta.getColumnTypeName(i)));
          }
          return new TableColumns(spelling, quote, columns);
        }
      } catch (SQLException e) {
        if (!isMissingObject(e)) {
          throw e;
        }
        missing = e;
      }
    }
    throw new SchemaProblem(
        "table " + wanted + " does not exist or may not be read: " + SqlErrors.oneLine(missing));
  }

  TableName table() {
    return table;
  }

  /** The identifier quote of the database, {@code "} or {@code `}. */
  String quote() {
    return quote;
  }

  /** The column of that name: exactly as written, else the only one equal ignoring case. */
  Optional<Column> find(SqlIdentifier wanted) {
    for (Column c : columns) {
      if (c.name().equals(wanted.name())) {
        return Optional.of(c);
      }
    }
    List<Column> folded =
        columns.stream().filter(c -> c.name().equalsIgnoreCase(wanted.name())).toList();
    return folded.size() == 1 ? Optional.of(folded.getFirst()) : Optional.empty();
  }

  /**
   * @throws SchemaProblem naming the column and what the table has instead
   */
  Column require(SqlIdentifier wanted, String role) throws SchemaProblem {
    return find(wanted)
        .orElseThrow(
            () ->
                new SchemaProblem(
                    "table "
                        + table
                        + " has no column "
                        + wanted
                        + " ("
                        + role
                        + "); it has "
                        + String.join(", ", columns.stream().map(Column::name).toList())));
  }

  /** A column name quoted for this database. */
  String quoted(Column column) {
    return quote + column.name() + quote;
  }

  private static String quote(DatabaseMetaData meta) throws SQLException {
    String q = meta.getIdentifierQuoteString();
    // A single space means the database does not quote; plain names do not need it.
    return q == null || q.isBlank() ? "" : q;
  }

  /**
   * SQLSTATE class 42 is "syntax error or access rule violation": an undefined table or column, or
   * no privilege to read it. Anything else is the link's or the server's problem.
   */
  static boolean isMissingObject(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("42");
  }
}
