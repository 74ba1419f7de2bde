package io.millwright.historian.retention;

import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * Rollups ({@code historian.rollups}): each tag's Good numeric samples summed up per bucket of
 * {@code width} (count, sum, min, max, first, last), kept for {@code keep}. Written {@code 1m=2y};
 * {@code none} turns rollups off.
 *
 * @param width bucket width in milliseconds: whole seconds, dividing a day evenly, so that buckets
 *     never straddle the day boundaries at which raw samples expire
 */
public record RollupLevel(long width, Age keep) {

  /** One-minute buckets for two years: about 200 MB per thousand tags, trends over seasons. */
  public static final RollupLevel DEFAULT = new RollupLevel(60_000L, new Age(2 * 365 * Age.DAY));

  public RollupLevel {
    if (width < 1000 || width % 1000 != 0 || Age.DAY % width != 0) {
      throw new IllegalArgumentException(
          "bucket "
              + Durations.format(Duration.ofMillis(width))
              + " does not divide a day evenly in whole seconds; use e.g. 10s, 1m, 5m, 15m or 1h");
    }
  }

  /**
   * Parses {@code width=age} or {@code none}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Optional<RollupLevel> parse(String text) {
    String s = text.strip();
    if (s.equals("none")) {
      return Optional.empty();
    }
    int eq = s.indexOf('=');
    if (eq <= 0 || eq == s.length() - 1 || s.contains(",")) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not one bucket=age such as 1m=2y, or none");
    }
    Duration width = Durations.parse(s.substring(0, eq));
    if (width.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "bucket " + s.substring(0, eq).strip() + " is not whole milliseconds");
    }
    return Optional.of(new RollupLevel(width.toMillis(), Age.parse(s.substring(eq + 1))));
  }

  /** The start of the bucket holding {@code time} (floor, also before 1970). */
  public long bucketOf(long time) {
    return Math.floorDiv(time, width) * width;
  }

  @Override
  public String toString() {
    return Durations.format(Duration.ofMillis(width)) + "=" + keep;
  }
}
