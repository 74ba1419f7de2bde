package io.millwright.connect.mqtt;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorFactory;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.uns.mqtt.MqttEndpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Connectors to machines that publish their own MQTT topics (protocol {@code mqtt}): a gateway, a
 * smart sensor or a controller with an MQTT client, on the plant's broker or the device's own.
 *
 * <h2>Endpoint</h2>
 *
 * The broker: {@code mqtt://host:port} (1883 when left out) or {@code mqtts://host:port} (TLS, 8883
 * when left out).
 *
 * <h2>Tag addresses</h2>
 *
 * {@code topic} when the whole payload is the value as UTF-8 text ({@code plant/cnc-01/spindle}
 * carrying {@code 1200}), or {@code topic#pointer} when the payload is JSON and an RFC 6901 JSON
 * pointer picks the field ({@code devices/cnc-01/status#/spindle/speed}; {@code ~1} stands for a
 * {@code /} inside a key, {@code ~0} for {@code ~}). Topics are exact names: wildcards ({@code +},
 * {@code #} before the pointer) and broker topics ({@code $SYS}) are refused. Tags on the same
 * topic share one subscription and are fed by the same message.
 *
 * <h2>Options</h2>
 *
 * <ul>
 *   <li>{@code username} with {@code password}, or with {@code passwordEnv} naming an environment
 *       variable that holds it; anonymous when absent;
 *   <li>{@code clientId}: default {@code millwright-<machine id>};
 *   <li>{@code qos}: of the subscriptions, 0, 1 (default) or 2;
 *   <li>{@code commandTopic}: where writes go, as {@code {"tag": "<tag name>", "value": <value>}}
 *       at QoS 1; required when a tag is writable;
 *   <li>{@code timestampField}: a JSON pointer to the device's own time in its JSON messages, epoch
 *       milliseconds or ISO 8601 with offset; default the time of receipt;
 *   <li>{@code maxPayload}: larger messages are not parsed and their tags are Bad, default {@code
 *       256KB} (bytes, {@code KB} or {@code MB}, up to 64MB);
 *   <li>{@code trustStore} (PKCS#12 file) and {@code trustStorePassword}: for {@code mqtts://} with
 *       a private certificate authority; default the JDK's trusted authorities.
 * </ul>
 *
 * A malformed value (not JSON, a missing field, the wrong type, too large) makes that tag's sample
 * Bad with the reason while the message's other tags deliver.
 */
public final class MqttDeviceConnectorFactory implements ConnectorFactory {

  private final UnaryOperator<String> environment;

  /** Reads {@code passwordEnv} from the process environment. */
  public MqttDeviceConnectorFactory() {
    this(System::getenv);
  }

  /**
   * @param environment looks up environment variables for {@code passwordEnv}
   */
  public MqttDeviceConnectorFactory(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment);
  }

  @Override
  public Protocol protocol() {
    return Protocol.MQTT;
  }

  @Override
  public Connector create(MachineDefinition machine) {
    if (machine.protocol() != Protocol.MQTT) {
      throw new DefinitionException(
          "protocol", "is " + machine.protocol().configName() + ", not mqtt");
    }
    URI broker = broker(machine.endpoint());
    boolean tls = "mqtts".equals(broker.getScheme().toLowerCase(Locale.ROOT));
    MqttDeviceOptions options = MqttDeviceOptions.parse(machine.options(), tls, environment);
    List<DeviceTag> tags = new ArrayList<>();
    for (int i = 0; i < machine.tags().size(); i++) {
      tags.add(tag(i, machine.tags().get(i), options));
    }
    int port = broker.getPort() > 0 ? broker.getPort() : tls ? 8883 : 1883;
    MqttEndpoint endpoint =
        new MqttEndpoint(
            broker.getHost(),
            port,
            tls,
            options.trustStore(),
            options.trustStorePassword(),
            options.username().orElse(null),
            options.password().orElse(null));
    try {
      return new MqttDeviceConnector(machine.id(), endpoint, options, tags);
    } catch (IllegalStateException e) {
      // The trust store could not be read as PKCS#12 (wrong password, another format).
      throw new DefinitionException("options.trustStore", e.getMessage());
    }
  }

  private static DeviceTag tag(int index, Tag tag, MqttDeviceOptions options) {
    String prefix = "tags[" + index + "]";
    TagAddress address;
    try {
      address = TagAddress.parse(tag.address());
    } catch (DefinitionException e) {
      throw e.within(prefix);
    }
    if (tag.writable() && options.commandTopic().isEmpty()) {
      throw new DefinitionException(
          prefix + ".writable",
          "a writable tag needs options.commandTopic, where the device takes its commands");
    }
    return new DeviceTag(index, tag, address);
  }

  private static URI broker(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint.strip());
    } catch (URISyntaxException e) {
      throw invalid(endpoint, "is not a URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
      throw invalid(endpoint, "does not start with mqtt:// or mqtts://");
    }
    if (uri.getHost() == null) {
      throw invalid(endpoint, "has no host");
    }
    boolean extra =
        uri.getUserInfo() != null
            || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
            || uri.getRawQuery() != null
            || uri.getRawFragment() != null;
    if (extra) {
      throw invalid(
          endpoint, "may hold only a host and a port (credentials go in options.username)");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65_535) {
      throw invalid(endpoint, "has port " + uri.getPort() + "; use 1 to 65535");
    }
    return uri;
  }

  private static DefinitionException invalid(String endpoint, String problem) {
    return new DefinitionException(
        "endpoint", "\"" + endpoint + "\" " + problem + "; write e.g. mqtt://10.0.0.40:1883");
  }
}
