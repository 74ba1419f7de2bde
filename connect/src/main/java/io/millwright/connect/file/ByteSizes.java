package io.millwright.connect.file;

import java.util.Locale;

/** Sizes as written in options: {@code 16MB}, {@code 512KB}, {@code 1GB} or plain bytes. */
final class ByteSizes {

  private ByteSizes() {}

  /**
   * KB, MB and GB are powers of 1024, as file managers show them.
   *
   * @throws IllegalArgumentException showing the accepted forms
   */
  static long parse(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    long factor = 1;
    if (s.endsWith("KB")) {
      factor = 1L << 10;
    } else if (s.endsWith("MB")) {
      factor = 1L << 20;
    } else if (s.endsWith("GB")) {
      factor = 1L << 30;
    }
    String digits =
        factor == 1
            ? (s.endsWith("B") ? s.substring(0, s.length() - 1) : s)
            : s.substring(0, s.length() - 2);
    try {
      long n = Long.parseLong(digits.strip());
      if (n < 0 || n > Long.MAX_VALUE / factor) {
        throw new NumberFormatException();
      }
      return n * factor;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a size; write e.g. 16MB, 512KB or 1048576");
    }
  }
}
