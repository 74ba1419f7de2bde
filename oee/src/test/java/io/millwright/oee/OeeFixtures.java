package io.millwright.oee;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.oee.calendar.Shift;
import io.millwright.oee.calendar.ShiftBreak;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.state.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Machines, calendars and readings shared by the OEE tests; times are UTC. */
public final class OeeFixtures {

  public static final long SECOND = 1_000;
  public static final long MINUTE = 60 * SECOND;
  public static final long HOUR = 60 * MINUTE;

  private OeeFixtures() {}

  /** Epoch milliseconds of a UTC time, e.g. {@code 2025-03-04T08:00:00}. */
  public static long utc(String time) {
    return Instant.parse(time + "Z").toEpochMilli();
  }

  /**
   * Two shifts, 06:00–14:00 with a break 10:00–10:30 and 14:00–22:00 with a break 18:00–18:30, so
   * 22:00–06:00 is not scheduled.
   */
  public static ShiftCalendar twoShifts() {
    return new ShiftCalendar(
        ZoneOffset.UTC,
        List.of(
            new Shift(
                "early",
                LocalTime.of(6, 0),
                LocalTime.of(14, 0),
                List.of(new ShiftBreak(LocalTime.of(10, 0), Duration.ofMinutes(30)))),
            new Shift(
                "late",
                LocalTime.of(14, 0),
                LocalTime.of(22, 0),
                List.of(new ShiftBreak(LocalTime.of(18, 0), Duration.ofMinutes(30))))),
        List.of(),
        Set.of());
  }

  public static ShiftCalendar always() {
    return ShiftCalendar.always(ZoneOffset.UTC);
  }

  /**
   * The state named by the tag {@code state}, the reason in {@code reason}, a total counter {@code
   * count}, 2 s per part, micro-stops under 30 s.
   */
  public static StateModel stateTagModel() {
    return stateTagModel("standard");
  }

  public static StateModel stateTagModel(String reasonTable) {
    return new StateModel(
        List.of(),
        Optional.of("state"),
        Map.of(),
        Optional.of("reason"),
        reasonTable,
        Optional.of("count"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(2),
        Map.of(),
        Duration.ofSeconds(30));
  }

  public static MachineDefinition machine(String id, StateModel model) {
    return new MachineDefinition(
            id,
            id,
            "pressing",
            "line-1",
            Protocol.MODBUS,
            "tcp://h:502",
            Map.of(),
            Duration.ofSeconds(1),
            List.of(
                Tag.of("state", "holding:0", DataType.STRING),
                Tag.of("reason", "holding:1", DataType.INT32),
                Tag.of("count", "holding:2", DataType.INT64),
                Tag.of("good", "holding:3", DataType.INT64),
                Tag.of("scrap", "holding:4", DataType.INT64),
                Tag.of("product", "holding:5", DataType.STRING),
                Tag.of("cycle", "holding:6", DataType.INT64)))
        .withStates(model);
  }

  public static Reading good(String tag, Value value, long at) {
    return new Reading(tag, Sample.good(at, value));
  }

  public static Reading bad(String tag, long at) {
    return new Reading(tag, new Sample(at, Value.of(0L), Quality.NOT_CONNECTED));
  }

  /** The readings of one message: state, reason and count. */
  public static List<Reading> message(long at, MachineState state, int reason, long count) {
    return List.of(
        good("state", Value.of(state.wireName()), at),
        good("reason", Value.of((long) reason), at),
        good("count", Value.of(count), at));
  }
}
