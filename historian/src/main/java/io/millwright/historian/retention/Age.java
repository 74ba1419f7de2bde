package io.millwright.historian.retention;

import java.util.Locale;

/**
 * How long data is kept: whole hours, days, weeks or years ({@code 36h}, {@code 90d}, {@code 12w},
 * {@code 2y}), or {@code forever}. A year is 365 days. Minutes are refused because in a retention
 * {@code 6m} reads as six months to many people; months are refused because their length varies.
 *
 * @param millis the age in milliseconds; {@link Long#MAX_VALUE} for forever
 */
public record Age(long millis) implements Comparable<Age> {

  public static final Age FOREVER = new Age(Long.MAX_VALUE);

  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  public Age {
    if (millis <= 0) {
      throw new IllegalArgumentException("an age must be positive");
    }
  }

  /**
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static Age parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.equals("forever")) {
      return FOREVER;
    }
    int unitStart = 0;
    while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
      unitStart++;
    }
    String unit = s.substring(unitStart).strip();
    long unitMillis =
        switch (unit) {
          case "h" -> HOUR;
          case "d" -> DAY;
          case "w" -> 7 * DAY;
          case "y" -> 365 * DAY;
          default -> throw unknown(text);
        };
    long amount;
    try {
      amount = Long.parseLong(s.substring(0, unitStart));
    } catch (NumberFormatException e) {
      throw unknown(text);
    }
    if (amount <= 0) {
      throw new IllegalArgumentException("age \"" + text.strip() + "\" must be more than zero");
    }
    try {
      return new Age(Math.multiplyExact(amount, unitMillis));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("age \"" + text.strip() + "\" is too long; use forever");
    }
  }

  private static IllegalArgumentException unknown(String text) {
    return new IllegalArgumentException(
        "age \""
            + text.strip()
            + "\" is not understood; write a whole number with h, d, w or y (36h, 90d, 12w, 2y),"
            + " or forever");
  }

  public boolean isForever() {
    return millis == Long.MAX_VALUE;
  }

  /** The oldest time still kept at {@code now}; {@link Long#MIN_VALUE} when kept forever. */
  public long keptFrom(long now) {
    return isForever() || now - millis > now ? Long.MIN_VALUE : now - millis;
  }

  @Override
  public int compareTo(Age other) {
    return Long.compare(millis, other.millis);
  }

  @Override
  public String toString() {
    if (isForever()) {
      return "forever";
    }
    if (millis % (365 * DAY) == 0) {
      return millis / (365 * DAY) + "y";
    }
    if (millis % DAY == 0) {
      return millis / DAY + "d";
    }
    if (millis % HOUR == 0) {
      return millis / HOUR + "h";
    }
    return millis + "ms";
  }
}
