package io.millwright.connect.sql;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.Tag;

/**
 * A tag of an SQL machine: a column of the results table (its {@code address}), and for a writable
 * tag also the name under which writes go into the command table.
 *
 * @param index the tag's position in the definition
 */
record SqlTag(int index, Tag tag, SqlIdentifier column) {

  /**
   * @throws DefinitionException naming {@code tags[i].address}
   */
  static SqlTag of(int index, Tag tag) {
    try {
      return new SqlTag(index, tag, SqlIdentifier.parse("address", tag.address()));
    } catch (DefinitionException e) {
      throw e.within("tags[" + index + "]");
    }
  }

  String name() {
    return tag.name();
  }
}
