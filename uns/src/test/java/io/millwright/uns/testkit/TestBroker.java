package io.millwright.uns.testkit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.uns.broker.BrokerConfig;
import io.millwright.uns.broker.BrokerUsers;
import io.millwright.uns.broker.EmbeddedBroker;
import io.millwright.uns.broker.TopicRule;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real embedded broker on a free loopback port for the tests of a class (register with
 * {@code @RegisterExtension static}). Users: {@code test}/{@code test-password} may do everything;
 * {@code reader}/{@code reader-password} may only subscribe to {@code spBv1.0/#}.
 */
public final class TestBroker implements BeforeAllCallback, AfterAllCallback {

  public static final String USER = "test";
  public static final String PASSWORD = "test-password";

  static final Map<String, String> PASSWORDS = Map.of(USER, PASSWORD, "reader", "reader-password");
  static final Map<String, List<TopicRule>> RULES =
      Map.of(
          USER,
          List.of(TopicRule.all("#")),
          "reader",
          List.of(new TopicRule("spBv1.0/#", TopicRule.Access.SUBSCRIBE)));

  /**
   * Checks passwords in plain text: fine for a test's own throwaway users, never for production.
   */
  public static final BrokerUsers USERS =
      (user, password) ->
          PASSWORDS.containsKey(user)
                  && PASSWORDS.get(user).equals(new String(password, StandardCharsets.UTF_8))
              ? Optional.of(RULES.get(user))
              : Optional.empty();

  private Path directory;
  private EmbeddedBroker broker;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    directory = Files.createTempDirectory("millwright-broker");
    port = freePort();
    start();
  }

  /**
   * Starts (again) on the same port and data directory, e.g. after {@link #stop()} to test
   * persistence.
   */
  public void start() throws IOException {
    broker = new EmbeddedBroker(BrokerConfig.edge("127.0.0.1", port, directory), USERS);
    broker.start();
  }

  public void stop() throws IOException {
    broker.close();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    broker.close();
  }

  public int port() {
    return port;
  }

  public EmbeddedBroker broker() {
    return broker;
  }

  /** How sessions under test reach this broker: as the full-access test user. */
  public io.millwright.uns.mqtt.MqttEndpoint endpoint() {
    return new io.millwright.uns.mqtt.MqttEndpoint(
        "127.0.0.1", port, false, Optional.empty(), Optional.empty(), USER, PASSWORD);
  }

  /** A connected MQTT 5 client of the full-access test user. */
  public Mqtt5BlockingClient client(String clientId) {
    Mqtt5BlockingClient client = unconnected(clientId, USER, PASSWORD);
    client.connect();
    return client;
  }

  /**
   * An MQTT 5 client of any user, not yet connected, so a test can choose how it connects or listen
   * before it does.
   *
   * @param clientId null for a random one
   */
  public Mqtt5BlockingClient unconnected(String clientId, String user, String password) {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(clientId == null ? "test-" + UUID.randomUUID() : clientId)
        .serverHost("127.0.0.1")
        .serverPort(port)
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .buildBlocking();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
