package io.millwright.historian.store;

import java.util.regex.Pattern;

/**
 * An MQTT-style filter over tag paths: {@code +} is one level, a trailing {@code #} any number of
 * levels (also none). Shared by every store so that all of them match alike.
 */
public final class TagFilter {

  private final String text;
  private final Pattern pattern;

  private TagFilter(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /**
   * @throws IllegalArgumentException for an empty filter, {@code #} not last, or a wildcard that is
   *     not a whole level
   */
  public static TagFilter parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a tag filter is empty; use # for every tag");
    }
    String[] levels = text.split("/", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean last = i == levels.length - 1;
      if (level.equals("#")) {
        if (!last) {
          throw new IllegalArgumentException("'#' must be the last level of \"" + text + "\"");
        }
        // "a/#" also matches "a" itself, as in MQTT.
        if (i == 0) {
          regex.append(".*");
        } else {
          regex.append("(/.*)?");
        }
        break;
      }
      if (i > 0) {
        regex.append('/');
      }
      if (level.equals("+")) {
        regex.append("[^/]*");
      } else if (level.contains("+") || level.contains("#")) {
        throw new IllegalArgumentException(
            "a wildcard must be a whole level, not \"" + level + "\" in \"" + text + "\"");
      } else {
        regex.append(Pattern.quote(level));
      }
    }
    return new TagFilter(text, Pattern.compile(regex.toString()));
  }

  public boolean matches(String tag) {
    return pattern.matcher(tag).matches();
  }

  /**
   * The fixed part before the first wildcard, for a store to narrow a scan by prefix before it
   * applies {@link #matches}.
   */
  public String prefix() {
    int plus = text.indexOf('+');
    int hash = text.indexOf('#');
    int cut = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
    return cut < 0 ? text : text.substring(0, cut);
  }

  @Override
  public String toString() {
    return text;
  }
}
