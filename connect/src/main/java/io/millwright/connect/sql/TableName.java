package io.millwright.connect.sql;

import io.millwright.core.machine.DefinitionException;
import java.util.Optional;

/**
 * A table, optionally in a schema ({@code edge.results}; on MariaDB and MySQL the schema is the
 * database).
 */
record TableName(Optional<SqlIdentifier> schema, SqlIdentifier table) {

  /**
   * @throws DefinitionException naming the field
   */
  static TableName parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new DefinitionException(field, "is missing; write a table name, e.g. results");
    }
    String name = text.strip();
    int dot = name.indexOf('.');
    if (dot < 0) {
      return new TableName(Optional.empty(), SqlIdentifier.parse(field, name));
    }
    return new TableName(
        Optional.of(SqlIdentifier.parse(field, name.substring(0, dot))),
        SqlIdentifier.parse(field, name.substring(dot + 1)));
  }

  /** The same table with the table part spelled differently (as the database folds names). */
  TableName withTable(String spelling) {
    return new TableName(schema, new SqlIdentifier(spelling));
  }

  String quoted(String quote) {
    return schema.map(s -> s.quoted(quote) + ".").orElse("") + table.quoted(quote);
  }

  @Override
  public String toString() {
    return schema.map(s -> s.name() + ".").orElse("") + table.name();
  }
}
