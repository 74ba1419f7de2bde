package io.millwright.simulator;

import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.StateRule;
import io.millwright.core.machine.Tag;
import io.millwright.core.time.Durations;
import java.util.List;
import java.util.Map;

/**
 * Writes machine definitions as a machines file of the contract's schema (ARCHITECTURE.md section
 * 4), so that the simulated factory can tell any Millwright how to connect to it: {@code millwright
 * run --machines FILE}. Strings are written double-quoted (JSON style, valid YAML), so no value can
 * change the structure.
 */
public final class MachinesYaml {

  private MachinesYaml() {}

  public static String write(List<MachineDefinition> machines) {
    StringBuilder out = new StringBuilder("machines:\n");
    for (MachineDefinition m : machines) {
      out.append("  - id: ").append(quote(m.id())).append('\n');
      out.append("    name: ").append(quote(m.name())).append('\n');
      out.append("    area: ").append(quote(m.area())).append('\n');
      out.append("    line: ").append(quote(m.line())).append('\n');
      out.append("    protocol: ").append(m.protocol().configName()).append('\n');
      out.append("    endpoint: ").append(quote(m.endpoint())).append('\n');
      if (!m.options().isEmpty()) {
        out.append("    options:\n");
        for (Map.Entry<String, String> option : m.options().entrySet()) {
          out.append("      ")
              .append(quote(option.getKey()))
              .append(": ")
              .append(quote(option.getValue()))
              .append('\n');
        }
      }
      out.append("    pollInterval: ").append(Durations.format(m.pollInterval())).append('\n');
      out.append("    tags:\n");
      for (Tag tag : m.tags()) {
        out.append("      - name: ").append(quote(tag.name())).append('\n');
        out.append("        address: ").append(quote(tag.address())).append('\n');
        out.append("        type: ").append(tag.type().configName()).append('\n');
        if (!tag.unit().isEmpty()) {
          out.append("        unit: ").append(quote(tag.unit())).append('\n');
        }
        if (!tag.scale().isIdentity()) {
          out.append("        scale: { factor: ")
              .append(tag.scale().factor())
              .append(", offset: ")
              .append(tag.scale().offset())
              .append(" }\n");
        }
        if (tag.deadband() > 0) {
          out.append("        deadband: ").append(tag.deadband()).append('\n');
        }
        tag.samplingInterval()
            .ifPresent(
                d ->
                    out.append("        samplingInterval: ")
                        .append(Durations.format(d))
                        .append('\n'));
        if (tag.writable()) {
          out.append("        writable: true\n");
        }
      }
      m.states().ifPresent(model -> states(model, out));
      if (!m.alarms().isEmpty()) {
        out.append("    alarms:\n");
        m.alarms().forEach(a -> alarm(a, out));
      }
    }
    return out.toString();
  }

  private static void alarm(AlarmDefinition a, StringBuilder out) {
    StringBuilder item = new StringBuilder();
    a.name().ifPresent(n -> alarmField(item, "name", quote(n)));
    a.tag().ifPresent(t -> alarmField(item, "tag", quote(t)));
    switch (a.condition()) {
      case AlarmCondition.Limits l -> {
        number(item, "highHigh", l.highHigh());
        number(item, "high", l.high());
        number(item, "low", l.low());
        number(item, "lowLow", l.lowLow());
      }
      case AlarmCondition.Digital d -> alarmField(item, "is", list(d.values()));
      case AlarmCondition.InState st ->
          alarmField(
              item,
              "state",
              list(st.states().stream().map(MachineState::wireName).sorted().toList()));
      case AlarmCondition.RateOfChange r -> {
        alarmField(item, "rateOfChange", Double.toString(r.perMinute()));
        alarmField(item, "window", Durations.format(r.window()));
      }
      case AlarmCondition.Stale st -> alarmField(item, "stale", Durations.format(st.after()));
      case AlarmCondition.CommsLost c -> alarmField(item, "commsLost", "true");
      case AlarmCondition.Anomaly an -> alarmField(item, "anomaly", anomaly(an.spec()));
    }
    if (a.deadband() > 0) {
      alarmField(item, "deadband", Double.toString(a.deadband()));
    }
    if (!a.onDelay().isZero()) {
      alarmField(item, "onDelay", Durations.format(a.onDelay()));
    }
    if (!a.offDelay().isZero()) {
      alarmField(item, "offDelay", Durations.format(a.offDelay()));
    }
    alarmField(item, "priority", a.priority().wireName());
    a.message().ifPresent(t -> alarmField(item, "message", quote(t.text())));
    a.area().ifPresent(ar -> alarmField(item, "area", quote(ar)));
    if (!a.suppressIn().isEmpty()) {
      alarmField(
          item,
          "suppressIn",
          list(a.suppressIn().stream().map(MachineState::wireName).sorted().toList()));
    }
    // The first field opens the list item.
    out.append("      - ").append(item.substring(8));
  }

  private static String anomaly(AnomalySpec spec) {
    return switch (spec) {
      case AnomalySpec.Ewma e ->
          "{ method: ewma, alpha: "
              + e.alpha()
              + ", z: "
              + e.z()
              + ", warmUp: "
              + e.warmUp()
              + " }";
      case AnomalySpec.Seasonal s ->
          "{ method: seasonal, period: "
              + Durations.format(s.period())
              + ", slots: "
              + s.slots()
              + ", z: "
              + s.z()
              + ", warmUp: "
              + s.warmUp()
              + " }";
      case AnomalySpec.Model m ->
          "{ method: model, model: "
              + quote(m.model())
              + ", inputs: "
              + list(m.inputs())
              + ", window: "
              + m.window()
              + ", step: "
              + Durations.format(m.step())
              + ", threshold: "
              + m.threshold()
              + " }";
    };
  }

  private static void alarmField(StringBuilder out, String key, String value) {
    out.append("        ").append(key).append(": ").append(value).append('\n');
  }

  private static void number(StringBuilder out, String key, Double value) {
    if (value != null) {
      alarmField(out, key, Double.toString(value));
    }
  }

  private static String list(List<String> values) {
    return "[" + String.join(", ", values.stream().map(MachinesYaml::quote).toList()) + "]";
  }

  private static void states(StateModel m, StringBuilder out) {
    out.append("    states:\n");
    if (!m.rules().isEmpty()) {
      out.append("      rules:\n");
      for (StateRule rule : m.rules()) {
        out.append("        - state: ").append(rule.state().wireName()).append('\n');
        if (!rule.when().isEmpty()) {
          out.append("          when:\n");
          for (StateCondition c : rule.when()) {
            out.append("            - { tag: ")
                .append(quote(c.tag()))
                .append(", ")
                .append(c.test().key())
                .append(": ")
                .append(quote(c.operand()))
                .append(" }\n");
          }
        }
      }
    }
    m.stateTag().ifPresent(t -> field(out, "stateTag", quote(t)));
    if (!m.stateValues().isEmpty()) {
      out.append("      stateValues:\n");
      m.stateValues()
          .forEach(
              (raw, state) ->
                  out.append("        ")
                      .append(quote(raw))
                      .append(": ")
                      .append(state.wireName())
                      .append('\n'));
    }
    m.reasonTag().ifPresent(t -> field(out, "reasonTag", quote(t)));
    field(out, "reasonTable", quote(m.reasonTable()));
    m.totalTag().ifPresent(t -> field(out, "totalTag", quote(t)));
    m.goodTag().ifPresent(t -> field(out, "goodTag", quote(t)));
    m.scrapTag().ifPresent(t -> field(out, "scrapTag", quote(t)));
    m.productTag().ifPresent(t -> field(out, "productTag", quote(t)));
    if (m.idealCycle() != null) {
      field(out, "idealCycle", Durations.format(m.idealCycle()));
    }
    if (!m.idealCycles().isEmpty()) {
      out.append("      idealCycles:\n");
      m.idealCycles()
          .forEach(
              (product, d) ->
                  out.append("        ")
                      .append(quote(product))
                      .append(": ")
                      .append(Durations.format(d))
                      .append('\n'));
    }
    field(out, "microStop", Durations.format(m.microStop()));
  }

  private static void field(StringBuilder out, String key, String value) {
    out.append("      ").append(key).append(": ").append(value).append('\n');
  }

  /** A double-quoted YAML scalar: backslash, quote and every control character escaped. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(text, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean validSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
