package io.millwright.connect.s7;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The S7 settings of a machine's {@code options}.
 *
 * @param controllerType the CPU family; it decides nothing about addressing here but spares the
 *     session the CPU identification request, which some PLCs and gateways do not answer
 * @param pduSize the largest PDU to ask for; the PLC answers with what it supports (240 on an
 *     S7-300, 480 on an S7-1200, 960 on an S7-1500) and reads are planned to fit that answer
 * @param timeout how long to wait for a connection or a response before the link counts as lost
 * @param maxGap unread bytes between two variables that still join them into one read
 */
record S7Options(ControllerType controllerType, int pduSize, Duration timeout, int maxGap) {

  static final S7Options DEFAULTS =
      new S7Options(ControllerType.S7_1500, 480, Duration.ofSeconds(3), 32);
  private static final Set<String> KEYS = Set.of("controllerType", "pduSize", "timeout", "maxGap");

  enum ControllerType {
    S7_300,
    S7_400,
    S7_1200,
    S7_1500;

    /** The name in machine definitions: {@code S7-1500}. */
    String configName() {
      return name().replace('_', '-');
    }

    String plc4xName() {
      return name();
    }

    static ControllerType parse(String text) {
      String key = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      for (ControllerType t : values()) {
        if (t.name().equals(key)) {
          return t;
        }
      }
      throw new DefinitionException(
          "options.controllerType",
          "\"" + text + "\" is not one of S7-300, S7-400, S7-1200, S7-1500");
    }
  }

  /**
   * @throws DefinitionException on the field {@code options.<name>}
   */
  static S7Options parse(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw new DefinitionException(
            "options." + key,
            "is not an S7 option; use " + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    S7Options o = DEFAULTS;
    ControllerType type =
        options.containsKey("controllerType")
            ? ControllerType.parse(options.get("controllerType"))
            : o.controllerType;
    int pdu = integer(options, "pduSize", o.pduSize, 240, 960);
    Duration timeout = o.timeout;
    if (options.containsKey("timeout")) {
      try {
        timeout = Durations.parse(options.get("timeout"));
      } catch (IllegalArgumentException e) {
        throw new DefinitionException("options.timeout", e.getMessage());
      }
      if (timeout.compareTo(Duration.ofMillis(10)) < 0
          || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new DefinitionException("options.timeout", "must be between 10ms and 5m");
      }
    }
    int gap = integer(options, "maxGap", o.maxGap, 0, 256);
    return new S7Options(type, pdu, timeout, gap);
  }

  private static int integer(
      Map<String, String> options, String key, int absent, int min, int max) {
    String text = options.get(key);
    if (text == null) {
      return absent;
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new DefinitionException("options." + key, "\"" + text + "\" is not a whole number");
    }
    if (value < min || value > max) {
      throw new DefinitionException(
          "options." + key, "must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }
}
