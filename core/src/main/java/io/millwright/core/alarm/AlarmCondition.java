package io.millwright.core.alarm;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineState;
import io.millwright.core.sample.Value;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What puts an alarm in alarm: one of a few kinds, each written with its own keys. */
public sealed interface AlarmCondition {

  /** The key the kind is written with in a definition, for messages and documentation. */
  String key();

  /** Whether the condition reads a tag (the definition's {@code tag}). */
  default boolean readsTag() {
    return true;
  }

  /**
   * Up to four limits (ISA-18.2's high-high, high, low, low-low); each given level is an alarm of
   * its own, named {@code <name>-<level>}.
   */
  record Limits(Double highHigh, Double high, Double low, Double lowLow) implements AlarmCondition {
    public Limits {
      if (highHigh == null && high == null && low == null && lowLow == null) {
        throw new DefinitionException("high", "a limit alarm needs high, highHigh, low or lowLow");
      }
      finite("highHigh", highHigh);
      finite("high", high);
      finite("low", low);
      finite("lowLow", lowLow);
      // Written from the top down, each limit must sit below the one above it.
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      add(names, values, "highHigh", highHigh);
      add(names, values, "high", high);
      add(names, values, "low", low);
      add(names, values, "lowLow", lowLow);
      for (int i = 1; i < values.size(); i++) {
        if (values.get(i) >= values.get(i - 1)) {
          throw new DefinitionException(
              names.get(i),
              values.get(i)
                  + " is not below "
                  + names.get(i - 1)
                  + " ("
                  + values.get(i - 1)
                  + "): the limits are inverted");
        }
      }
    }

    @Override
    public String key() {
      return "high";
    }

    /** The levels given, most severe first. */
    public List<Level> levels() {
      List<Level> out = new ArrayList<>(4);
      if (highHigh != null) {
        out.add(new Level("high-high", highHigh, true, true));
      }
      if (high != null) {
        out.add(new Level("high", high, true, false));
      }
      if (low != null) {
        out.add(new Level("low", low, false, false));
      }
      if (lowLow != null) {
        out.add(new Level("low-low", lowLow, false, true));
      }
      return out;
    }

    /** The smallest gap between two limits: a deadband must be narrower. */
    double narrowestGap() {
      double gap = Double.POSITIVE_INFINITY;
      List<Level> l = levels();
      for (int i = 1; i < l.size(); i++) {
        gap = Math.min(gap, l.get(i - 1).limit() - l.get(i).limit());
      }
      return gap;
    }

    private static void finite(String key, Double v) {
      if (v != null && !Double.isFinite(v)) {
        throw new DefinitionException(key, "must be a number");
      }
    }

    private static void add(List<String> names, List<Double> values, String name, Double v) {
      if (v != null) {
        names.add(name);
        values.add(v);
      }
    }
  }

  /**
   * One level of a limit alarm.
   *
   * @param suffix appended to the definition's name: {@code high-high}, {@code high}, ...
   * @param above in alarm above the limit (high levels) or below it (low levels)
   * @param severe the outer level (high-high, low-low), one priority above the definition's
   */
  record Level(String suffix, double limit, boolean above, boolean severe) {}

  /**
   * A digital or discrete alarm: in alarm while the tag has one of the values (a fault code, a door
   * open). Numbers compare as numbers, booleans as {@code true}/{@code false} or 1/0.
   */
  record Digital(List<String> values) implements AlarmCondition {
    public Digital {
      values = values == null ? List.of() : List.copyOf(values);
      if (values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank())) {
        throw new DefinitionException("is", "needs one or more values");
      }
    }

    @Override
    public String key() {
      return "is";
    }

    /** Whether the value is one of the alarm's. */
    public boolean matches(Value value) {
      for (String v : values) {
        if (equal(value, v)) {
          return true;
        }
      }
      return false;
    }

    private static boolean equal(Value value, String operand) {
      return switch (value) {
        case Value.Text t -> t.value().equals(operand);
        case Value.Bool b ->
            operand.equals(Boolean.toString(b.value())) || operand.equals(b.value() ? "1" : "0");
        default -> {
          try {
            yield value.asDouble() == Double.parseDouble(operand);
          } catch (NumberFormatException e) {
            yield false;
          }
        }
      };
    }
  }

  /** In alarm while the machine is in one of the states (as the {@code oee} role decides them). */
  record InState(Set<MachineState> states) implements AlarmCondition {
    public InState {
      if (states == null || states.isEmpty()) {
        throw new DefinitionException("state", "needs one or more machine states");
      }
      states = Set.copyOf(EnumSet.copyOf(states));
    }

    @Override
    public String key() {
      return "state";
    }

    @Override
    public boolean readsTag() {
      return false;
    }
  }

  /**
   * In alarm while the tag changes faster than {@code perMinute} (either way) over {@code window}.
   */
  record RateOfChange(double perMinute, Duration window) implements AlarmCondition {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    public RateOfChange {
      if (!Double.isFinite(perMinute) || perMinute <= 0) {
        throw new DefinitionException("rateOfChange", "must be a number above 0 (per minute)");
      }
      window = window == null ? DEFAULT_WINDOW : window;
      requireBetween("window", window, Duration.ofSeconds(1), Duration.ofHours(1));
    }

    @Override
    public String key() {
      return "rateOfChange";
    }
  }

  /** In alarm when the tag has not sent a sample for {@code after}: a frozen value. */
  record Stale(Duration after) implements AlarmCondition {
    public Stale {
      requireBetween("stale", after, Duration.ofSeconds(1), Duration.ofHours(24));
    }

    @Override
    public String key() {
      return "stale";
    }
  }

  /**
   * In alarm while the machine cannot be reached: its connector reports the link down (Bad samples)
   * or has died.
   */
  record CommsLost() implements AlarmCondition {
    @Override
    public String key() {
      return "commsLost";
    }

    @Override
    public boolean readsTag() {
      return false;
    }
  }

  /** In alarm while a detector finds the tag (or a window of tags) anomalous. */
  record Anomaly(AnomalySpec spec) implements AlarmCondition {
    public Anomaly {
      if (spec == null) {
        throw new DefinitionException("anomaly", "is missing");
      }
    }

    @Override
    public String key() {
      return "anomaly";
    }

    @Override
    public boolean readsTag() {
      return !(spec instanceof AnomalySpec.Model);
    }
  }

  static void requireBetween(String key, Duration d, Duration min, Duration max) {
    if (d == null) {
      throw new DefinitionException(key, "is missing");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new DefinitionException(
          key,
          "must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max)
              + ", not "
              + Durations.format(d));
    }
  }
}
