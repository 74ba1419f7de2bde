package io.millwright.historian.retention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How two MQTT-style tag patterns relate, level by level ({@code +} one level, a trailing {@code #}
 * any number of levels, also none): whether one matches every tag the other does, and whether any
 * tag matches both, and which pattern matches the tags both match. Retention rules need this to
 * pick the most specific rule and to refuse rules whose order would be a guess.
 */
final class TagPatterns {

  private TagPatterns() {}

  /** Whether every tag path matched by {@code narrow} is also matched by {@code wide}. */
  static boolean covers(String wide, String narrow) {
    String[] w = wide.split("/", -1);
    String[] n = narrow.split("/", -1);
    for (int i = 0; ; i++) {
      if (i < w.length && w[i].equals("#")) {
        return true;
      }
      if (i >= w.length || i >= n.length) {
        return i >= w.length && i >= n.length;
      }
      if (n[i].equals("#")) {
        return false;
      }
      if (!w[i].equals("+") && !w[i].equals(n[i])) {
        return false;
      }
    }
  }

  /** Whether some tag path is matched by both patterns. */
  static boolean overlap(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    for (int i = 0; ; i++) {
      if ((i < x.length && x[i].equals("#")) || (i < y.length && y[i].equals("#"))) {
        return true;
      }
      if (i >= x.length || i >= y.length) {
        return i >= x.length && i >= y.length;
      }
      if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
        return false;
      }
    }
  }

  /**
   * The pattern matching exactly the tags that both overlapping patterns match: {@code
   * acme/+/+/+/+/vibration/#} and {@code acme/plant-1/pressing/#} meet in {@code
   * acme/plant-1/pressing/+/+/vibration/#}.
   */
  static String meet(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    List<String> levels = new ArrayList<>();
    for (int i = 0; i < x.length && i < y.length; i++) {
      if (x[i].equals("#")) {
        levels.addAll(Arrays.asList(y).subList(i, y.length));
        break;
      }
      if (y[i].equals("#")) {
        levels.addAll(Arrays.asList(x).subList(i, x.length));
        break;
      }
      levels.add(x[i].equals("+") ? y[i] : x[i]);
    }
    return String.join("/", levels);
  }
}
