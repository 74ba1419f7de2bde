package io.millwright.connect.modbus;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code options} of a Modbus machine, checked once when the connector is created.
 *
 * @param unitId the unit identifier sent with every request; gateways use it to pick the device
 * @param wordOrder which register of a 32- or 64-bit value comes first
 * @param byteOrder which byte of each register comes first
 * @param timeout how long to wait for a connection or a response before the link counts as lost
 * @param maxRegisters registers per read request; some devices accept fewer than the 125 the
 *     protocol allows
 * @param maxGap unused registers that may be read to merge two ranges into one request: reading a
 *     few extra words is cheaper than another round trip
 */
record ModbusOptions(
    int unitId, Order wordOrder, Order byteOrder, Duration timeout, int maxRegisters, int maxGap) {

  /** Big: most significant first, as the Modbus specification does for bytes in a register. */
  enum Order {
    BIG,
    LITTLE
  }

  static final ModbusOptions DEFAULTS =
      new ModbusOptions(1, Order.BIG, Order.BIG, Duration.ofSeconds(1), 125, 8);

  static final Set<String> NAMES =
      new TreeSet<>(
          Set.of("unitId", "wordOrder", "byteOrder", "timeout", "maxRegisters", "maxGap"));

  static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  /**
   * @throws DefinitionException naming {@code options.<key>}
   */
  static ModbusOptions parse(Map<String, String> options) {
    ModbusOptions o = DEFAULTS;
    int unitId = o.unitId;
    Order wordOrder = o.wordOrder;
    Order byteOrder = o.byteOrder;
    Duration timeout = o.timeout;
    int maxRegisters = o.maxRegisters;
    int maxGap = o.maxGap;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(options).entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().strip();
      switch (key) {
        case "unitId" -> unitId = integer(key, value, 0, 255);
        case "wordOrder" -> wordOrder = order(key, value);
        case "byteOrder" -> byteOrder = order(key, value);
        case "timeout" -> timeout = duration(key, value);
        case "maxRegisters" -> maxRegisters = integer(key, value, 1, Table.MAX_REGISTERS_PER_READ);
        case "maxGap" -> maxGap = integer(key, value, 0, Table.MAX_REGISTERS_PER_READ);
        default ->
            throw new DefinitionException(
                field(key), "is not a Modbus option; use " + String.join(", ", NAMES));
      }
    }
    return new ModbusOptions(unitId, wordOrder, byteOrder, timeout, maxRegisters, maxGap);
  }

  private static String field(String key) {
    return "options." + key;
  }

  private static int integer(String key, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException ex) {
      throw new DefinitionException(
          field(key),
          "must be a whole number from " + min + " to " + max + ", not \"" + value + "\"");
    }
    if (n < min || n > max) {
      throw new DefinitionException(
          field(key), "must be from " + min + " to " + max + ", not " + n);
    }
    return n;
  }

  private static Order order(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "big" -> Order.BIG;
      case "little" -> Order.LITTLE;
      default ->
          throw new DefinitionException(field(key), "must be big or little, not \"" + value + "\"");
    };
  }

  private static Duration duration(String key, String value) {
    Duration d;
    try {
      d = Durations.parse(value);
    } catch (IllegalArgumentException ex) {
      throw new DefinitionException(field(key), ex.getMessage());
    }
    if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new DefinitionException(
          field(key),
          "must be between "
              + Durations.format(MIN_TIMEOUT)
              + " and "
              + Durations.format(MAX_TIMEOUT)
              + ", not "
              + Durations.format(d));
    }
    return d;
  }
}
