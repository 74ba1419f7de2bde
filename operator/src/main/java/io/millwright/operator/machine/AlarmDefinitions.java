package io.millwright.operator.machine;

import io.fabric8.kubernetes.api.model.AnyType;
import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.alarm.MessageTemplate;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineState;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An {@link AlarmSpec} as the core's {@link AlarmDefinition}, with the rules of the machines file's
 * reader: one kind per item, the same defaults (an ewma's alpha 0.01, z 4, warm-up 300, ...), and
 * the core's own checks, so what the operator accepts is what the alarms role starts with. Problems
 * name the field relative to the item, e.g. {@code high}; callers put it below its list.
 */
public final class AlarmDefinitions {

  /** The keys that say what kind of alarm it is, in the reader's order (for its messages). */
  private static final Map<String, Function<AlarmSpec, Boolean>> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put(
        "limits", a -> a.highHigh != null || a.high != null || a.low != null || a.lowLow != null);
    KINDS.put("is", a -> a.is != null);
    KINDS.put("state", a -> a.state != null);
    KINDS.put("rateOfChange", a -> a.rateOfChange != null);
    KINDS.put("stale", a -> a.stale != null);
    KINDS.put("commsLost", a -> a.commsLost != null);
    KINDS.put("anomaly", a -> a.anomaly != null);
  }

  private AlarmDefinitions() {}

  /**
   * @throws DefinitionException naming the field within the item
   */
  public static AlarmDefinition definition(AlarmSpec a) {
    if (a == null) {
      throw new DefinitionException("tag", "the alarm is empty");
    }
    AlarmCondition condition = condition(a);
    return new AlarmDefinition(
        Optional.ofNullable(a.name),
        Optional.ofNullable(a.tag),
        condition,
        a.deadband == null ? 0.0 : a.deadband,
        parse("onDelay", a.onDelay, Durations::parse),
        parse("offDelay", a.offDelay, Durations::parse),
        parse("priority", a.priority, AlarmPriority::parse),
        Optional.ofNullable(parse("message", a.message, MessageTemplate::parse)),
        Optional.ofNullable(a.area),
        states("suppressIn", a.suppressIn));
  }

  private static AlarmCondition condition(AlarmSpec a) {
    String kind = null;
    for (Map.Entry<String, Function<AlarmSpec, Boolean>> k : KINDS.entrySet()) {
      if (k.getValue().apply(a)) {
        if (kind != null) {
          throw new DefinitionException(
              k.getKey(),
              "give one kind of alarm per definition, not both "
                  + keys(kind, a)
                  + " and "
                  + keys(k.getKey(), a));
        }
        kind = k.getKey();
      }
    }
    if (kind == null) {
      throw new DefinitionException(
          "tag",
          "says nothing about when to alarm: give high/highHigh/low/lowLow, is, state,"
              + " rateOfChange, stale, commsLost or anomaly");
    }
    if (a.window != null && !kind.equals("rateOfChange")) {
      throw new DefinitionException("window", "belongs to rateOfChange");
    }
    return switch (kind) {
      case "limits" -> new AlarmCondition.Limits(a.highHigh, a.high, a.low, a.lowLow);
      case "is" -> {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < a.is.size(); i++) {
          AnyType v = a.is.get(i);
          values.add(MachineValidation.scalar("is[" + i + "]", v == null ? null : v.getValue()));
        }
        yield new AlarmCondition.Digital(values);
      }
      case "state" -> new AlarmCondition.InState(states("state", a.state));
      case "rateOfChange" ->
          new AlarmCondition.RateOfChange(
              a.rateOfChange, parse("window", a.window, Durations::parse));
      case "stale" -> new AlarmCondition.Stale(parse("stale", a.stale, Durations::parse));
      case "commsLost" -> {
        if (!a.commsLost) {
          throw new DefinitionException("commsLost", "write true, or leave the alarm out");
        }
        yield new AlarmCondition.CommsLost();
      }
      default -> new AlarmCondition.Anomaly(anomaly(a.anomaly));
    };
  }

  /** The keys of a kind the item gives: high/highHigh for limits, else the kind's one key. */
  private static String keys(String kind, AlarmSpec a) {
    if (!kind.equals("limits")) {
      return kind;
    }
    List<String> out = new ArrayList<>();
    if (a.highHigh != null) {
      out.add("highHigh");
    }
    if (a.high != null) {
      out.add("high");
    }
    if (a.low != null) {
      out.add("low");
    }
    if (a.lowLow != null) {
      out.add("lowLow");
    }
    return String.join("/", out);
  }

  private static AnomalySpec anomaly(AlarmSpec.Anomaly a) {
    String method = a.method == null ? "" : a.method;
    return switch (method) {
      case "ewma" -> new AnomalySpec.Ewma(or(a.alpha, 0.01), or(a.z, 4), or(a.warmUp, 300));
      case "seasonal" ->
          new AnomalySpec.Seasonal(
              a.period == null
                  ? Duration.ofDays(1)
                  : parse("anomaly.period", a.period, Durations::parse),
              or(a.slots, 96),
              or(a.z, 4),
              or(a.warmUp, 3));
      case "model" ->
          new AnomalySpec.Model(
              a.model,
              a.inputs == null ? List.of() : a.inputs,
              or(a.window, 0),
              parse("anomaly.step", a.step, Durations::parse),
              or(a.threshold, Double.NaN));
      default ->
          throw new DefinitionException(
              "anomaly.method",
              (method.isEmpty() ? "is missing" : "\"" + method + "\" is not a method")
                  + "; use ewma, seasonal or model");
    };
  }

  private static double or(Double value, double otherwise) {
    return value == null ? otherwise : value;
  }

  private static int or(Integer value, int otherwise) {
    return value == null ? otherwise : value;
  }

  private static Set<MachineState> states(String field, List<String> names) {
    if (names == null) {
      return Set.of();
    }
    Set<MachineState> out = EnumSet.noneOf(MachineState.class);
    for (int i = 0; i < names.size(); i++) {
      out.add(parse(field + "[" + i + "]", names.get(i), MachineState::parse));
    }
    return out;
  }

  /** Null stays null (the core's default applies); text the parser refuses names the field. */
  private static <T> T parse(String field, String text, Function<String, T> parser) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (DefinitionException e) {
      // The core's parsers name their own field (message, priority); keep the item's.
      throw new DefinitionException(field, e.problem());
    } catch (IllegalArgumentException e) {
      throw new DefinitionException(field, e.getMessage());
    }
  }
}
