package io.millwright.connect.mqtt;

import com.fasterxml.jackson.core.JsonPointer;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.millwright.connect.PasswordOption;
import io.millwright.core.machine.DefinitionException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code options} of a machine that speaks MQTT itself, checked once at {@code create()}.
 *
 * @param username empty for a broker that allows anonymous clients
 * @param clientId empty to use {@code millwright-<machine id>}
 * @param qos the QoS of the subscriptions to the device's topics
 * @param commandTopic where writes are published; empty when the machine takes no writes
 * @param timestampField where the device's own time is in its JSON messages; empty to stamp samples
 *     with the time of receipt
 * @param maxPayload bytes beyond which a message is not parsed and its tags are Bad
 * @param trustStore PKCS#12 trust store for {@code mqtts://}; empty trusts the JDK's authorities
 */
record MqttDeviceOptions(
    Optional<String> username,
    Optional<String> password,
    Optional<String> clientId,
    MqttQos qos,
    Optional<String> commandTopic,
    Optional<JsonPointer> timestampField,
    int maxPayload,
    Optional<Path> trustStore,
    Optional<String> trustStorePassword) {

  static final List<String> KEYS =
      List.of(
          "username",
          "password",
          "passwordEnv",
          "clientId",
          "qos",
          "commandTopic",
          "timestampField",
          "maxPayload",
          "trustStore",
          "trustStorePassword");

  static final int DEFAULT_MAX_PAYLOAD = 256 * 1024;
  static final int MAX_MAX_PAYLOAD = 64 * 1024 * 1024;

  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,9})\\s*(B|KB|MB)?", Pattern.CASE_INSENSITIVE);

  /** The password never appears in logs or error messages. */
  @Override
  public String toString() {
    return "MqttDeviceOptions[username="
        + username.orElse("")
        + ", clientId="
        + clientId.orElse("")
        + ", qos="
        + qos.getCode()
        + ", commandTopic="
        + commandTopic.orElse("")
        + ", timestampField="
        + timestampField.map(String::valueOf).orElse("")
        + ", maxPayload="
        + maxPayload
        + ", trustStore="
        + trustStore.map(String::valueOf).orElse("")
        + "]";
  }

  /**
   * @param tls whether the endpoint is {@code mqtts://}; the trust store applies only then
   * @param environment looks up environment variables for {@code passwordEnv}; a parameter so that
   *     tests need not change the process environment
   * @throws DefinitionException naming {@code options.<key>}
   */
  static MqttDeviceOptions parse(
      Map<String, String> options, boolean tls, UnaryOperator<String> environment) {
    Map<String, String> given = options == null ? Map.of() : options;
    TreeSet<String> unknown = new TreeSet<>(given.keySet());
    KEYS.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw new DefinitionException(
          "options." + unknown.first(),
          "is not an MQTT option; the accepted options are " + String.join(", ", KEYS));
    }
    Optional<String> username = nonBlank(given, "username");
    // A broker may accept a user name alone (MQTT 5 allows a user name without a password).
    Optional<String> password = PasswordOption.read(given, "username", environment);
    Optional<String> clientId = nonBlank(given, "clientId");
    Optional<String> commandTopic = nonBlank(given, "commandTopic");
    commandTopic.ifPresent(
        topic -> {
          String problem = TopicNames.problem(topic);
          if (!problem.isEmpty()) {
            throw new DefinitionException("options.commandTopic", problem);
          }
        });
    Optional<JsonPointer> timestampField =
        nonBlank(given, "timestampField")
            .map(text -> TagAddress.pointer("options.timestampField", text));
    Optional<Path> trustStore = nonBlank(given, "trustStore").map(MqttDeviceOptions::trustStore);
    Optional<String> trustStorePassword = Optional.ofNullable(given.get("trustStorePassword"));
    if (!tls && trustStore.isPresent()) {
      throw new DefinitionException(
          "options.trustStore", "applies only to an mqtts:// endpoint, and this one is mqtt://");
    }
    if (trustStorePassword.isPresent() && trustStore.isEmpty()) {
      throw new DefinitionException(
          "options.trustStorePassword", "is set without options.trustStore");
    }
    return new MqttDeviceOptions(
        username,
        password,
        clientId,
        qos(given.get("qos")),
        commandTopic,
        timestampField,
        maxPayload(given.get("maxPayload")),
        trustStore,
        trustStorePassword);
  }

  private static Optional<String> nonBlank(Map<String, String> given, String key) {
    String value = given.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBlank()) {
      throw new DefinitionException("options." + key, "is empty; leave it out instead");
    }
    return Optional.of(value.strip());
  }

  private static MqttQos qos(String text) {
    if (text == null) {
      return MqttQos.AT_LEAST_ONCE;
    }
    return switch (text.strip()) {
      case "0" -> MqttQos.AT_MOST_ONCE;
      case "1" -> MqttQos.AT_LEAST_ONCE;
      case "2" -> MqttQos.EXACTLY_ONCE;
      default ->
          throw new DefinitionException("options.qos", "must be 0, 1 or 2, not \"" + text + "\"");
    };
  }

  /** A size in bytes: {@code 262144}, {@code 256KB}, {@code 1MB} (KB and MB of 1024). */
  private static int maxPayload(String text) {
    if (text == null) {
      return DEFAULT_MAX_PAYLOAD;
    }
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new DefinitionException(
          "options.maxPayload", "\"" + text + "\" is not a size; write e.g. 256KB, 1MB or 65536");
    }
    long bytes = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    bytes *=
        switch (unit) {
          case "KB" -> 1024L;
          case "MB" -> 1024L * 1024;
          default -> 1L;
        };
    if (bytes < 1 || bytes > MAX_MAX_PAYLOAD) {
      throw new DefinitionException(
          "options.maxPayload", "must be from 1 byte to 64MB, not \"" + text + "\"");
    }
    return (int) bytes;
  }

  private static Path trustStore(String text) {
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw new DefinitionException("options.trustStore", "\"" + text + "\" is not a file path");
    }
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new DefinitionException(
          "options.trustStore", "names " + path + ", which is not a readable file");
    }
    return path;
  }
}
