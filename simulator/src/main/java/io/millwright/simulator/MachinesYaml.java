package io.millwright.simulator;

import io.millwright.core.machine.MachineDefinition;
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
    }
    return out.toString();
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
