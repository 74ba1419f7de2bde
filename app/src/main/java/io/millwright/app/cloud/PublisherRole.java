package io.millwright.app.cloud;

import io.millwright.app.Version;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.config.PublisherConfig;
import io.millwright.app.config.Secret;
import io.millwright.app.machines.ConnectorsRole;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.namespace.NamespaceModule;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.app.role.RoleCatalog;
import io.millwright.app.simulator.SimulatorRole;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.publisher.buffer.BufferLimits;
import io.millwright.publisher.buffer.OutboundBuffer;
import io.millwright.publisher.live.PublisherService;
import io.millwright.publisher.live.PublisherSettings;
import io.millwright.publisher.transport.CloudTransport;
import io.millwright.publisher.transport.HttpsTransport;
import io.millwright.publisher.transport.HttpsTransportConfig;
import io.millwright.publisher.transport.MqttTransport;
import io.millwright.publisher.transport.MqttTransportConfig;
import io.millwright.publisher.transport.kafka.KafkaTransport;
import io.millwright.publisher.transport.kafka.KafkaTransportConfig;
import io.millwright.uns.mirror.MachinePlacement;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code publisher} role: the site's samples and events, through the durable outbound buffer in
 * the data directory, to the cloud (the {@code publisher} section says where and how).
 */
public final class PublisherRole implements Module {

  public static final Key<PublisherService> SERVICE = Key.of("publisher", PublisherService.class);

  /** The role's Sparkplug host id: edge nodes that name it buffer while it is away. */
  public static final String HOST_ID = "publisher";

  private final boolean simulated;
  private PublisherService service;

  public PublisherRole(boolean simulated) {
    this.simulated = simulated;
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    MillwrightConfig config = context.config();
    PublisherConfig settings =
        config
            .publisher()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the publisher role needs a publisher section: where the cloud is"));
    Path data = context.require(DataDirectoryModule.KEY).forRole(RoleCatalog.PUBLISHER);
    Files.createDirectories(data);
    List<MachineDefinition> machines =
        ConnectorsRole.atStart(
            context,
            simulated ? context.require(SimulatorRole.MACHINES).definitions() : config.machines());
    Map<String, MachinePlacement> placements =
        machines.stream()
            .collect(
                Collectors.toMap(
                    MachineDefinition::id, m -> new MachinePlacement(m.area(), m.line())));
    OutboundBuffer buffer =
        OutboundBuffer.open(
            data.resolve("buffer"),
            config.site(),
            new BufferLimits(settings.diskBudget(), settings.warnAt()));
    CloudTransport transport;
    try {
      transport = transport(settings, config.site());
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
    try {
      service =
          new PublisherService(
              context.require(NamespaceModule.ENDPOINT),
              new PublisherSettings(
                  config.enterprise(),
                  config.site(),
                  Version.current(),
                  HOST_ID,
                  placements,
                  settings.batchInterval(),
                  PublisherSettings.DEFAULT_MAX_BATCH_READINGS,
                  settings.drainRate(),
                  PublisherSettings.DEFAULT_STATUS_INTERVAL),
              buffer,
              transport);
    } catch (RuntimeException e) {
      transport.close();
      buffer.close();
      throw e;
    }
    try {
      service.start();
    } catch (Exception e) {
      stop();
      throw e;
    }
    context.provide(SERVICE, service);
  }

  static CloudTransport transport(PublisherConfig s, String site) {
    return switch (s.transport()) {
      case PublisherConfig.HTTPS ->
          new HttpsTransport(
              new HttpsTransportConfig(
                  URI.create(s.url()),
                  site,
                  s.token().map(Secret::reveal),
                  s.trustStore(),
                  s.trustStorePassword().map(Secret::reveal),
                  s.timeout()));
      case PublisherConfig.MQTT ->
          new MqttTransport(
              new MqttTransportConfig(
                  URI.create(s.url()),
                  s.topic().orElse("millwright"),
                  "millwright-publisher-cloud-" + site,
                  s.username(),
                  s.password().map(Secret::reveal),
                  s.trustStore(),
                  s.trustStorePassword().map(Secret::reveal),
                  s.keyStore(),
                  s.keyStorePassword().map(Secret::reveal),
                  s.timeout()));
      case PublisherConfig.KAFKA ->
          new KafkaTransport(
              new KafkaTransportConfig(
                  s.url(),
                  s.topic().orElse("millwright.batches"),
                  "millwright-publisher-cloud-" + site,
                  s.kafka(),
                  s.timeout()));
      default -> throw new IllegalStateException("no transport " + s.transport());
    };
  }

  @Override
  public void stop() {
    if (service != null) {
      service.close();
      service = null;
    }
  }

  @Override
  public Health health() {
    PublisherService s = service;
    if (s == null) {
      return Health.notReady("stopped");
    }
    // A cloud that is away is what the buffer is for: the role stays in service meanwhile.
    return s.online() ? Health.UP : Health.notReady("not following the namespace or not buffering");
  }

  @Override
  public Map<String, Double> figures() {
    PublisherService s = service;
    return s == null ? Map.of() : s.figures();
  }
}
