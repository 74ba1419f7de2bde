package io.millwright.historian.query;

import io.millwright.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A query's time range, from the forms people type: ISO-8601 instants ({@code
 * 2026-11-22T06:00:00Z}, with an offset or {@code Z}), {@code now}, or a time relative to now
 * ({@code -24h}, {@code -15m}, {@code -7d}). Half-open: {@code from <= t < to}.
 *
 * @param from epoch milliseconds, inclusive
 * @param to epoch milliseconds, exclusive
 */
public record TimeRange(long from, long to) {

  /** The widest range one query may ask for; wider ones are refused, not silently cut. */
  public static final Duration MAX_SPAN = Duration.ofDays(3660);

  /**
   * @param fromText the start, or null for {@code defaultSpan} before {@code to}
   * @param toText the end, or null for now
   * @throws IllegalArgumentException naming the parameter, for an unreadable time, an inverted or
   *     empty range, or one wider than {@link #MAX_SPAN}
   */
  public static TimeRange parse(String fromText, String toText, Duration defaultSpan, Instant now) {
    long to = toText == null ? now.toEpochMilli() : instant("to", toText, now);
    long from = fromText == null ? to - defaultSpan.toMillis() : instant("from", fromText, now);
    if (from >= to) {
      throw new IllegalArgumentException(
          "from ("
              + Instant.ofEpochMilli(from)
              + ") must be before to ("
              + Instant.ofEpochMilli(to)
              + ")");
    }
    if (to - from > MAX_SPAN.toMillis()) {
      throw new IllegalArgumentException(
          "the range is wider than " + MAX_SPAN.toDays() + " days; ask for less");
    }
    return new TimeRange(from, to);
  }

  private static long instant(String parameter, String text, Instant now) {
    String t = text.strip();
    if (t.equals("now")) {
      return now.toEpochMilli();
    }
    if (t.startsWith("-")) {
      try {
        return now.minus(Durations.parse(t.substring(1))).toEpochMilli();
      } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
        throw new IllegalArgumentException(
            parameter + ": \"" + text + "\" is not a relative time; write e.g. -24h, -15m, -7d");
      }
    }
    try {
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          parameter
              + ": \""
              + text
              + "\" is not a time; write an ISO-8601 instant (2026-11-22T06:00:00Z), now, or -24h");
    }
  }

  public Duration span() {
    return Duration.ofMillis(to - from);
  }
}
