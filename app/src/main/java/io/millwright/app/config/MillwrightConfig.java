package io.millwright.app.config;

import io.millwright.core.machine.MachineDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration of one process: everything a role may read, typed.
 *
 * @param enterprise the top of the ISA-95 namespace
 * @param site this site's id: the Sparkplug group id and the second level of the namespace
 * @param connectorPrimaryHost the Sparkplug host the connectors wait for, {@code none}, or empty
 *     for the default (the historian when it runs in this process)
 */
public record MillwrightConfig(
    String enterprise,
    String site,
    Path dataDirectory,
    String httpHost,
    int httpPort,
    MqttConfig mqtt,
    List<String> roles,
    Duration shutdownTimeout,
    Optional<Secret> adminPassword,
    List<MachineDefinition> machines,
    String connectorNode,
    Optional<String> connectorPrimaryHost,
    List<String> operatorNamespaces,
    HistorianConfig historian,
    OeeConfig oee,
    AlarmsConfig alarms,
    JobsConfig jobs,
    Optional<PublisherConfig> publisher,
    Optional<CloudConfig> cloud,
    SimulationConfig simulation) {

  public MillwrightConfig {
    roles = List.copyOf(roles);
    machines = List.copyOf(machines);
    operatorNamespaces = List.copyOf(operatorNamespaces);
  }

  /**
   * The same configuration running other roles; the command line's {@code --roles} wins over file
   * and environment.
   */
  public MillwrightConfig withRoles(List<String> otherRoles) {
    return new MillwrightConfig(
        enterprise,
        site,
        dataDirectory,
        httpHost,
        httpPort,
        mqtt,
        otherRoles,
        shutdownTimeout,
        adminPassword,
        machines,
        connectorNode,
        connectorPrimaryHost,
        operatorNamespaces,
        historian,
        oee,
        alarms,
        jobs,
        publisher,
        cloud,
        simulation);
  }

  /** The same configuration with the JSON mirror on: the demo shows every part of the namespace. */
  public MillwrightConfig withMirror() {
    return new MillwrightConfig(
        enterprise,
        site,
        dataDirectory,
        httpHost,
        httpPort,
        mqtt.withMirror(true),
        roles,
        shutdownTimeout,
        adminPassword,
        machines,
        connectorNode,
        connectorPrimaryHost,
        operatorNamespaces,
        historian,
        oee,
        alarms,
        jobs,
        publisher,
        cloud,
        simulation);
  }

  /** The same configuration with a publisher and a cloud section: the demo's own edge-to-cloud. */
  public MillwrightConfig withEdgeToCloud(
      PublisherConfig publisherConfig, CloudConfig cloudConfig) {
    return new MillwrightConfig(
        enterprise,
        site,
        dataDirectory,
        httpHost,
        httpPort,
        mqtt,
        roles,
        shutdownTimeout,
        adminPassword,
        machines,
        connectorNode,
        connectorPrimaryHost,
        operatorNamespaces,
        historian,
        oee,
        alarms,
        jobs,
        Optional.ofNullable(publisherConfig),
        Optional.ofNullable(cloudConfig),
        simulation);
  }
}
