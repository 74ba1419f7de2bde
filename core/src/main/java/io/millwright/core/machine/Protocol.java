package io.millwright.core.machine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a connector talks to a machine, with the endpoint forms each protocol accepts. */
public enum Protocol {
  OPCUA(List.of("opc.tcp://"), "opc.tcp://host:4840/path"),
  MODBUS(List.of("tcp://"), "tcp://host:502"),
  S7(List.of("s7://"), "s7://host?rack=0&slot=1"),
  SQL(List.of("jdbc:"), "jdbc:postgresql://host/db"),
  FILE(List.of("file:"), "file:///var/drop/cmm-01"),
  MQTT(List.of("mqtt://", "mqtts://"), "mqtt://host:1883");

  private final List<String> endpointPrefixes;
  private final String example;

  Protocol(List<String> endpointPrefixes, String example) {
    this.endpointPrefixes = endpointPrefixes;
    this.example = example;
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** An endpoint of the right form for this protocol, for error messages and documentation. */
  public String exampleEndpoint() {
    return example;
  }

  boolean acceptsEndpoint(String endpoint) {
    String lower = endpoint.toLowerCase(Locale.ROOT);
    return endpointPrefixes.stream()
        .anyMatch(p -> lower.startsWith(p) && lower.length() > p.length());
  }

  /**
   * @throws IllegalArgumentException listing the accepted names
   */
  public static Protocol parse(String name) {
    for (Protocol p : values()) {
      if (p.configName().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol \""
            + name
            + "\"; use one of "
            + Arrays.stream(values()).map(Protocol::configName).collect(Collectors.joining(", ")));
  }
}
