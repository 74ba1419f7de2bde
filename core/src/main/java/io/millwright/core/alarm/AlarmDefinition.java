package io.millwright.core.alarm;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineState;
import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One alarm definition as written under a machine's {@code alarms} (or, with a tag pattern, under
 * the site's {@code alarms.definitions}). A limit definition with several levels makes one alarm
 * per level; every other kind makes one alarm.
 *
 * @param name the alarm's name on its machine; when absent it comes from the tag ({@code
 *     spindle/bearing-temperature} gives {@code spindle-bearing-temperature}) or the kind ({@code
 *     comms-lost})
 * @param tag the tag the condition reads; absent for state, lost-communication and model alarms
 * @param deadband how far a value must come back inside a limit (or a rate below its limit) before
 *     the alarm clears, so noise on the limit does not make it chatter (ISA-18.2 clause 10.4)
 * @param onDelay how long the condition must hold before the alarm is raised
 * @param offDelay how long the condition must be gone before the alarm clears
 * @param message the text operators read; a default names the alarm and its value
 * @param area the area the alarm is routed to; the machine's when absent
 * @param suppressIn machine states in which the alarm is suppressed by design (ISA-18.2 clause
 *     5.2.2.2): a low oil temperature means nothing while the press is in a planned stop
 */
public record AlarmDefinition(
    Optional<String> name,
    Optional<String> tag,
    AlarmCondition condition,
    double deadband,
    Duration onDelay,
    Duration offDelay,
    AlarmPriority priority,
    Optional<MessageTemplate> message,
    Optional<String> area,
    Set<MachineState> suppressIn) {

  static final Duration MAX_DELAY = Duration.ofHours(24);

  public AlarmDefinition {
    name = name == null ? Optional.empty() : name;
    name.ifPresent(n -> requireName("name", "alarm name", n));
    tag = tag == null ? Optional.empty() : tag;
    tag.ifPresent(
        t -> {
          try {
            Names.requireTagPath("tag path", t);
          } catch (InvalidNameException e) {
            throw new DefinitionException("tag", e.getMessage());
          }
        });
    if (condition == null) {
      throw new DefinitionException(
          "tag",
          "says nothing about when to alarm: give high/highHigh/low/lowLow, is, state,"
              + " rateOfChange, stale, commsLost or anomaly");
    }
    if (!condition.readsTag() && tag.isPresent()) {
      throw new DefinitionException(
          "tag", "a " + condition.key() + " alarm reads no tag; remove it");
    }
    if (!Double.isFinite(deadband) || deadband < 0) {
      throw new DefinitionException("deadband", "must be a number of 0 or more");
    }
    if (deadband > 0) {
      switch (condition) {
        case AlarmCondition.Limits l -> {
          if (deadband >= l.narrowestGap()) {
            throw new DefinitionException(
                "deadband", deadband + " is as wide as the gap between two limits");
          }
        }
        case AlarmCondition.RateOfChange r -> {
          if (deadband >= r.perMinute()) {
            throw new DefinitionException("deadband", "must be smaller than rateOfChange");
          }
        }
        default ->
            throw new DefinitionException(
                "deadband", "applies to limit and rate-of-change alarms only");
      }
    }
    onDelay = onDelay == null ? Duration.ZERO : onDelay;
    offDelay = offDelay == null ? Duration.ZERO : offDelay;
    AlarmCondition.requireBetween("onDelay", onDelay, Duration.ZERO, MAX_DELAY);
    AlarmCondition.requireBetween("offDelay", offDelay, Duration.ZERO, MAX_DELAY);
    priority = priority == null ? AlarmPriority.MEDIUM : priority;
    message = message == null ? Optional.empty() : message;
    area = area == null ? Optional.empty() : area;
    area.ifPresent(a -> requireName("area", "area name", a));
    suppressIn =
        suppressIn == null || suppressIn.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(suppressIn));
    for (Point p : points(name, tag, condition, priority)) {
      requireName("name", "alarm name", p.name());
    }
  }

  /** A definition with only the common fields at their defaults. */
  public static AlarmDefinition of(Optional<String> tag, AlarmCondition condition) {
    return new AlarmDefinition(
        Optional.empty(),
        tag,
        condition,
        0,
        null,
        null,
        null,
        Optional.empty(),
        Optional.empty(),
        Set.of());
  }

  /**
   * One alarm the definition makes.
   *
   * @param level the limit level, for a limit alarm
   */
  public record Point(String name, AlarmPriority priority, Optional<AlarmCondition.Level> level) {}

  /** The alarms this definition makes, named and with their priorities. */
  public List<Point> points() {
    return points(name, tag, condition, priority);
  }

  private static List<Point> points(
      Optional<String> name,
      Optional<String> tag,
      AlarmCondition condition,
      AlarmPriority priority) {
    String base = name.orElseGet(() -> tag.map(AlarmDefinition::fromTag).orElse(kebab(condition)));
    if (!(condition instanceof AlarmCondition.Limits limits)) {
      return List.of(new Point(base, priority, Optional.empty()));
    }
    List<Point> out = new ArrayList<>(4);
    for (AlarmCondition.Level l : limits.levels()) {
      out.add(
          new Point(
              base + "-" + l.suffix(), l.severe() ? priority.raised() : priority, Optional.of(l)));
    }
    return out;
  }

  /** The same definition for a tag a pattern matched. */
  public AlarmDefinition forTag(String tagPath) {
    return new AlarmDefinition(
        name,
        Optional.of(tagPath),
        condition,
        deadband,
        onDelay,
        offDelay,
        priority,
        message,
        area,
        suppressIn);
  }

  /**
   * Checks the definition against its machine's tags.
   *
   * @throws DefinitionException naming the field whose tag the machine lacks
   */
  public void checkTags(Set<String> tags) {
    if (condition.readsTag()) {
      String t = tag.orElseThrow(() -> new DefinitionException("tag", "is missing"));
      if (!tags.contains(t)) {
        throw new DefinitionException("tag", "\"" + t + "\" is not one of the machine's tags");
      }
    }
    if (condition instanceof AlarmCondition.Anomaly a && a.spec() instanceof AnomalySpec.Model m) {
      for (int i = 0; i < m.inputs().size(); i++) {
        if (!tags.contains(m.inputs().get(i))) {
          throw new DefinitionException(
              "anomaly.inputs[" + i + "]",
              "\"" + m.inputs().get(i) + "\" is not one of the machine's tags");
        }
      }
    }
    if (message.isPresent()) {
      for (String t : message.get().tags()) {
        if (!tags.contains(t)) {
          throw new DefinitionException(
              "message", "{" + t + "} is neither a placeholder nor one of the machine's tags");
        }
      }
    }
  }

  /** {@code spindle/Bearing_Temp} becomes {@code spindle-bearing-temp}. */
  static String fromTag(String tag) {
    StringBuilder out = new StringBuilder(tag.length());
    for (char c : tag.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (keep) {
        out.append(c);
      } else if (!out.isEmpty() && out.charAt(out.length() - 1) != '-') {
        out.append('-');
      }
    }
    while (!out.isEmpty() && out.charAt(out.length() - 1) == '-') {
      out.setLength(out.length() - 1);
    }
    return out.isEmpty() ? "tag" : out.toString();
  }

  private static String kebab(AlarmCondition condition) {
    return switch (condition) {
      case AlarmCondition.CommsLost c -> "comms-lost";
      case AlarmCondition.InState s -> "state";
      case AlarmCondition.Anomaly a -> "anomaly";
      default -> condition.key().toLowerCase(Locale.ROOT);
    };
  }

  private static void requireName(String field, String subject, String value) {
    try {
      Names.requireName(subject, value);
    } catch (InvalidNameException e) {
      throw new DefinitionException(field, e.getMessage());
    }
  }
}
