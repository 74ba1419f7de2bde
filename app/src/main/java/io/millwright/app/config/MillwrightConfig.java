package io.millwright.app.config;

import io.millwright.core.machine.MachineDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The validated configuration of one process: everything a role may read, typed. */
public record MillwrightConfig(
    Path dataDirectory,
    String httpHost,
    int httpPort,
    MqttConfig mqtt,
    List<String> roles,
    Duration shutdownTimeout,
    Optional<Secret> adminPassword,
    List<MachineDefinition> machines) {

  public MillwrightConfig {
    roles = List.copyOf(roles);
    machines = List.copyOf(machines);
  }

  /**
   * The same configuration running other roles; the command line's {@code --roles} wins over file
   * and environment.
   */
  public MillwrightConfig withRoles(List<String> otherRoles) {
    return new MillwrightConfig(
        dataDirectory,
        httpHost,
        httpPort,
        mqtt,
        otherRoles,
        shutdownTimeout,
        adminPassword,
        machines);
  }
}
