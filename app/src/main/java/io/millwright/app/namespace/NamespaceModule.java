package io.millwright.app.namespace;

import io.millwright.app.broker.BrokerRole;
import io.millwright.app.config.MqttConfig;
import io.millwright.app.config.Secret;
import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.mqtt.RoundTripProbe;

/**
 * This process's way into the Unified Namespace: the embedded broker through the in-process service
 * account, or the external broker of {@code mqtt.url}. Roles get the endpoint from here and never
 * care which it is. Ready only while a message makes the round trip through the broker.
 */
public final class NamespaceModule implements Module {

  public static final Key<MqttEndpoint> ENDPOINT = Key.of("namespace endpoint", MqttEndpoint.class);

  private RoundTripProbe probe;

  @Override
  public void start(ModuleContext context) throws Exception {
    MqttConfig mqtt = context.config().mqtt();
    MqttEndpoint endpoint =
        mqtt.external()
            ? MqttEndpoint.parse(
                mqtt.url().orElseThrow(),
                mqtt.username().orElseThrow(),
                mqtt.password().map(Secret::reveal).orElseThrow())
            : context.require(BrokerRole.ENDPOINT);
    probe = new RoundTripProbe(endpoint, "millwright-" + ProcessHandle.current().pid() + "-probe");
    try {
      probe.start();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot reach the MQTT broker at " + endpoint + ": " + rootMessage(e), e);
    }
    context.provide(ENDPOINT, endpoint);
  }

  @Override
  public void stop() {
    if (probe != null) {
      probe.close();
    }
  }

  @Override
  public java.util.Map<String, Double> figures() {
    RoundTripProbe.Result last = probe.last();
    return java.util.Map.of(
        "round_trip_ok", last.ok() ? 1.0 : 0.0, "round_trip_seconds", last.roundTripNanos() / 1e9);
  }

  @Override
  public Health health() {
    RoundTripProbe.Result last = probe.last();
    return last.ok() ? Health.UP : Health.notReady(last.detail());
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
