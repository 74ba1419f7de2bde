package io.millwright.connect.sql;

import io.millwright.core.machine.DefinitionException;
import java.util.regex.Pattern;

/**
 * A table or column name from a machine definition. Only plain names are accepted (a letter or
 * underscore, then letters, digits and underscores, at most 63 characters, PostgreSQL's limit), so
 * that a name can always be quoted safely and means the same on every database: no value and no
 * name from a definition is ever spliced into SQL unchecked.
 *
 * @param name the name as written in the definition
 */
record SqlIdentifier(String name) {

  static final int MAX_LENGTH = 63;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * @param field the definition field, for the error, e.g. {@code tags[3].address}
   * @throws DefinitionException naming the field
   */
  static SqlIdentifier parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new DefinitionException(field, "is missing; write a table or column name");
    }
    String name = text.strip();
    if (name.length() > MAX_LENGTH) {
      throw new DefinitionException(
          field, "is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (!PLAIN.matcher(name).matches()) {
      throw new DefinitionException(
          field,
          "\""
              + name
              + "\" is not a plain SQL name: use letters, digits and underscores,"
              + " starting with a letter or an underscore");
    }
    return new SqlIdentifier(name);
  }

  /**
   * The name quoted for a database. Safe because a plain name cannot contain a quote character.
   *
   * @param quote the database's identifier quote, {@code "} or {@code `}
   */
  String quoted(String quote) {
    return quote + name + quote;
  }

  @Override
  public String toString() {
    return name;
  }
}
