package io.millwright.simulator.sql;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Column names for tag paths, the same every run: {@code spindle/speed} becomes {@code
 * spindle_speed}. Lower case, every character other than a letter or digit an underscore, a leading
 * digit prefixed with {@code t_}, at most 63 characters; a name already taken (by an earlier tag or
 * by the table's own columns) gets {@code _2}, {@code _3}, ... in tag order.
 */
final class ColumnNames {

  static final int MAX_LENGTH = 63;

  private ColumnNames() {}

  /**
   * @param tags tag paths in the machine's stable order
   * @param reserved the table's own columns, {@code id}
   * @return tag path to column name, in tag order
   */
  static Map<String, String> of(List<String> tags, Set<String> reserved) {
    Set<String> taken = new HashSet<>(reserved);
    Map<String, String> columns = new LinkedHashMap<>();
    for (String tag : tags) {
      String base = plain(tag);
      String name = base;
      for (int n = 2; !taken.add(name); n++) {
        String suffix = "_" + n;
        name = base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length())) + suffix;
      }
      columns.put(tag, name);
    }
    return columns;
  }

  private static String plain(String tag) {
    StringBuilder b = new StringBuilder();
    for (char c : tag.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
    }
    if (b.isEmpty() || Character.isDigit(b.charAt(0))) {
      b.insert(0, "t_");
    }
    return b.length() > MAX_LENGTH ? b.substring(0, MAX_LENGTH) : b.toString();
  }
}
