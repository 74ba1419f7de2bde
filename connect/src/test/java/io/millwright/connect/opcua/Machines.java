package io.millwright.connect.opcua;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Machine definitions for tests. */
final class Machines {

  private Machines() {}

  static MachineDefinition machine(String endpoint, Map<String, String> options, List<Tag> tags) {
    return new MachineDefinition(
        "cnc-01",
        "CNC 01",
        "machining",
        "line-1",
        Protocol.OPCUA,
        endpoint,
        options,
        Duration.ofMillis(100),
        tags);
  }

  static Tag tag(String name, String address, DataType type) {
    return Tag.of(name, address, type);
  }

  static Tag scaled(String name, String address, DataType type, double factor, double offset) {
    return new Tag(name, address, type, "", new Scale(factor, offset), 0, Optional.empty(), false);
  }

  static Tag writable(String name, String address, DataType type) {
    return new Tag(name, address, type, "", Scale.IDENTITY, 0, Optional.empty(), true);
  }

  static Tag writableScaled(
      String name, String address, DataType type, double factor, double offset) {
    return new Tag(name, address, type, "", new Scale(factor, offset), 0, Optional.empty(), true);
  }

  static Tag deadband(String name, String address, double factor, double deadband) {
    return new Tag(
        name, address, DataType.INT32, "", new Scale(factor, 0), deadband, Optional.empty(), false);
  }

  static String plant(String id) {
    return "nsu=" + PlantServer.NAMESPACE + ";s=" + id;
  }
}
