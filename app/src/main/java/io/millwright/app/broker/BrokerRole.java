package io.millwright.app.broker;

import io.millwright.app.config.MqttConfig;
import io.millwright.app.config.Secret;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.app.security.AdminCredentialModule;
import io.millwright.uns.broker.BrokerConfig;
import io.millwright.uns.broker.EmbeddedBroker;
import io.millwright.uns.mqtt.MqttEndpoint;
import java.util.Optional;

/**
 * The {@code broker} role: the embedded MQTT broker, and the endpoint the other roles of this
 * process use to reach it. Ready once an MQTT client has made a round trip through it, not merely
 * once its port is open.
 */
public final class BrokerRole implements Module {

  /** How roles of this process reach the namespace. */
  public static final Key<MqttEndpoint> ENDPOINT = Key.of("MQTT endpoint", MqttEndpoint.class);

  private EmbeddedBroker broker;

  @Override
  public void start(ModuleContext context) throws Exception {
    MqttConfig mqtt = context.config().mqtt();
    var directory = context.require(DataDirectoryModule.KEY).forRole("broker");
    BrokerConfig config = BrokerConfig.edge(mqtt.host(), mqtt.port(), directory);
    if (mqtt.keyStore().isPresent()) {
      String password = mqtt.keyStorePassword().map(Secret::reveal).orElseThrow();
      config =
          config.withTls(
              new BrokerConfig.Tls(mqtt.tlsPort(), mqtt.keyStore().get(), password, password));
    }
    BrokerCredentials credentials =
        new BrokerCredentials(context.require(AdminCredentialModule.KEY), mqtt.users());
    broker = new EmbeddedBroker(config, credentials);
    broker.start();
    String local =
        mqtt.host().equals("0.0.0.0") || mqtt.host().equals("::") ? "127.0.0.1" : mqtt.host();
    MqttEndpoint endpoint =
        new MqttEndpoint(
            local,
            mqtt.port(),
            false,
            Optional.empty(),
            Optional.empty(),
            BrokerCredentials.SERVICE_USER,
            credentials.servicePassword());
    context.provide(ENDPOINT, endpoint);
  }

  @Override
  public void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Override
  public java.util.Map<String, Double> figures() {
    return broker == null ? java.util.Map.of() : broker.figures();
  }

  @Override
  public Health health() {
    return broker != null && broker.isRunning()
        ? Health.UP
        : Health.dead("the broker is not running");
  }
}
