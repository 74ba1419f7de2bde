package io.millwright.simulator.plant;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The shift breaks of plant-1: one 30-minute break in the middle of each shift (06–14, 14–22,
 * 22–06), at 10:00, 18:00 and 02:00 Europe/Rome. Remembers the current or next break so the
 * per-step question costs two comparisons; not thread-safe, each machine owns one.
 */
final class BreakSchedule {

  static final ZoneId ZONE = ZoneId.of("Europe/Rome");
  static final List<LocalTime> STARTS =
      List.of(LocalTime.of(2, 0), LocalTime.of(10, 0), LocalTime.of(18, 0));
  static final long LENGTH_MILLIS = 30 * 60_000L;

  private long start = Long.MIN_VALUE;
  private long end = Long.MIN_VALUE;

  /** Whether {@code epochMillis} falls in a break. */
  boolean onBreak(long epochMillis) {
    if (epochMillis >= end) {
      findBreakEndingAfter(epochMillis);
    }
    return epochMillis >= start;
  }

  /** When the break last asked about ends (or the next one, if none is on). */
  long end() {
    return end;
  }

  private void findBreakEndingAfter(long t) {
    // Starting a day early catches a break that began before local midnight; on the spring DST
    // day 02:00 does not exist and java.time moves that break to 03:00, which is what a plant does.
    LocalDate day = Instant.ofEpochMilli(t).atZone(ZONE).toLocalDate().minusDays(1);
    for (int d = 0; d < 3; d++) {
      for (LocalTime s : STARTS) {
        long from = ZonedDateTime.of(day.plusDays(d), s, ZONE).toInstant().toEpochMilli();
        if (from + LENGTH_MILLIS > t) {
          start = from;
          end = from + LENGTH_MILLIS;
          return;
        }
      }
    }
    throw new IllegalStateException("no break within two days of " + Instant.ofEpochMilli(t));
  }
}
