package io.millwright.publisher.transport;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How a site's {@link MqttTransport} and the cloud's {@link MqttIntake} reach the cloud broker.
 *
 * @param url {@code mqtt://host[:port]} (1883 by default) or {@code mqtts://host[:port]} (8883)
 * @param topicPrefix the topics' first levels, {@code millwright} by default; one or more levels
 *     without wildcards
 * @param clientId the MQTT client id: a site's own, or the intake's fixed one (its persistent
 *     session hangs on it)
 * @param username the broker user, if the broker wants one
 * @param password its password; never in {@link #toString()} or a log line
 * @param trustStore PKCS#12 trust store with the broker's authority; empty trusts the JDK's
 * @param keyStore PKCS#12 key store with the client certificate and its key, for a broker that
 *     requires one ({@code require_certificate}); its password is {@code keyStorePassword}
 * @param timeout how long connecting, and each publish until its PUBACK, may take
 */
public record MqttTransportConfig(
    URI url,
    String topicPrefix,
    String clientId,
    Optional<String> username,
    Optional<String> password,
    Optional<Path> trustStore,
    Optional<String> trustStorePassword,
    Optional<Path> keyStore,
    Optional<String> keyStorePassword,
    Duration timeout) {

  public static final String DEFAULT_TOPIC_PREFIX = "millwright";

  public MqttTransportConfig {
    if (url == null) {
      throw new IllegalArgumentException("the cloud broker's URL is missing");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
      throw new IllegalArgumentException(
          "the cloud broker's URL must start with mqtt:// or mqtts://, e.g. mqtts://broker:8883");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("the cloud broker's URL has no host");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "the cloud broker's URL must not carry credentials: set username and password");
    }
    topicPrefix = topicPrefix == null ? DEFAULT_TOPIC_PREFIX : topicPrefix;
    if (topicPrefix.isEmpty()
        || topicPrefix.length() > 128
        || topicPrefix.startsWith("/")
        || topicPrefix.endsWith("/")
        || topicPrefix.contains("//")
        || topicPrefix.contains("+")
        || topicPrefix.contains("#")
        || topicPrefix.startsWith("$")
        || topicPrefix.chars().anyMatch(c -> c < 32)) {
      throw new IllegalArgumentException(
          "the topic prefix \""
              + topicPrefix
              + "\" must be 1-128 chars of non-empty levels without wildcards or a leading $");
    }
    if (clientId == null || clientId.isEmpty() || clientId.length() > 128) {
      throw new IllegalArgumentException("the MQTT client id is 1-128 chars");
    }
    username = username == null ? Optional.empty() : username;
    password = password == null ? Optional.empty() : password;
    trustStore = trustStore == null ? Optional.empty() : trustStore;
    trustStorePassword = trustStorePassword == null ? Optional.empty() : trustStorePassword;
    keyStore = keyStore == null ? Optional.empty() : keyStore;
    keyStorePassword = keyStorePassword == null ? Optional.empty() : keyStorePassword;
    if ((trustStore.isPresent() || keyStore.isPresent()) && !scheme.equals("mqtts")) {
      throw new IllegalArgumentException(
          "a trust store or a client certificate needs an mqtts:// URL");
    }
    if (password.isPresent() && username.isEmpty()) {
      throw new IllegalArgumentException("an MQTT password needs a username");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the MQTT timeout must be positive");
    }
  }

  /** A plain configuration: the default prefix, no TLS stores, 30 s. */
  public static MqttTransportConfig of(URI url, String clientId, String username, String password) {
    return new MqttTransportConfig(
        url,
        DEFAULT_TOPIC_PREFIX,
        clientId,
        Optional.ofNullable(username),
        Optional.ofNullable(password),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(30));
  }

  public boolean tls() {
    return "mqtts".equalsIgnoreCase(url.getScheme());
  }

  public String host() {
    return url.getHost();
  }

  public int port() {
    return url.getPort() > 0 ? url.getPort() : tls() ? 8883 : 1883;
  }

  /** The broker, without credentials: {@code mqtts://host:port}. */
  public String target() {
    return (tls() ? "mqtts://" : "mqtt://") + host() + ":" + port();
  }

  /** An MQTT 5 client builder for this broker with its TLS and credentials; no reconnects. */
  Mqtt5ClientBuilder clientBuilder() {
    Mqtt5ClientBuilder builder =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(clientId)
            .serverHost(host())
            .serverPort(port());
    if (tls()) {
      com.hivemq.client.mqtt.MqttClientSslConfigBuilder ssl =
          MqttClientSslConfig.builder()
              .handshakeTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      TlsStores.trust(trustStore, trustStorePassword).ifPresent(ssl::trustManagerFactory);
      TlsStores.keys(keyStore, keyStorePassword).ifPresent(ssl::keyManagerFactory);
      builder = builder.sslConfig(ssl.build());
    }
    if (username.isPresent()) {
      builder =
          builder
              .simpleAuth()
              .username(username.get())
              .password(password.orElse("").getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth();
    }
    return builder;
  }

  @Override
  public String toString() {
    return "MqttTransportConfig[url="
        + target()
        + ", topicPrefix="
        + topicPrefix
        + ", clientId="
        + clientId
        + ", username="
        + username.orElse("none")
        + ", password="
        + (password.isPresent() ? "***" : "none")
        + ", trustStore="
        + trustStore.map(Path::toString).orElse(tls() ? "JDK" : "none")
        + ", trustStorePassword="
        + (trustStorePassword.isPresent() ? "***" : "none")
        + ", keyStore="
        + keyStore.map(Path::toString).orElse("none")
        + ", keyStorePassword="
        + (keyStorePassword.isPresent() ? "***" : "none")
        + ", timeout="
        + timeout
        + "]";
  }
}
