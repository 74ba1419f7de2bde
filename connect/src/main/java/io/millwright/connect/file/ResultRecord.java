package io.millwright.connect.file;

import java.util.Map;
import java.util.Optional;

/**
 * One result read from a file, before conversion: the text found at each tag address (a CSV row, a
 * JSON object, an XML document). An address with nothing at it is absent.
 *
 * @param where the row or element in operator words, e.g. {@code row 3}, for reasons
 */
record ResultRecord(String where, Map<String, String> fields) {

  ResultRecord {
    fields = Map.copyOf(fields);
  }

  Optional<String> field(String address) {
    return Optional.ofNullable(fields.get(address));
  }
}
