package io.millwright.uns.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where and as whom a role connects to the namespace: the embedded broker or an external one
 * ({@code mqtt.url}). Every role's MQTT client is built from this, so the all-in-one process and
 * pods on Kubernetes connect the same way.
 *
 * @param trustStore PKCS#12 trust store for {@code mqtts://}; empty uses the JDK's trusted
 *     authorities
 */
public record MqttEndpoint(
    String host,
    int port,
    boolean tls,
    Optional<Path> trustStore,
    Optional<String> trustStorePassword,
    String username,
    String password) {

  public MqttEndpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("MQTT host is missing");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("MQTT port must be from 1 to 65535, not " + port);
    }
    trustStore = trustStore == null ? Optional.empty() : trustStore;
    trustStorePassword = trustStorePassword == null ? Optional.empty() : trustStorePassword;
  }

  /**
   * Parses {@code mqtt://host[:port]} (1883 by default) or {@code mqtts://host[:port]} (8883).
   *
   * @throws IllegalArgumentException saying what is wrong with the URL
   */
  public static MqttEndpoint parse(String url, String username, String password) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "\"" + url + "\" is not a URL; write e.g. mqtt://broker:1883");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls =
        switch (scheme) {
          case "mqtt", "tcp" -> false;
          case "mqtts", "ssl" -> true;
          default ->
              throw new IllegalArgumentException(
                  "\"" + url + "\" must start with mqtt:// or mqtts://, e.g. mqtt://broker:1883");
        };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "\"" + url + "\" has no host; write e.g. mqtt://broker:1883");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
    return new MqttEndpoint(
        uri.getHost(), port, tls, Optional.empty(), Optional.empty(), username, password);
  }

  /**
   * A client builder for MQTT 5 already pointed at this endpoint with its credentials; the caller
   * adds the rest.
   */
  public Mqtt5ClientBuilder clientBuilder(String clientId) {
    Mqtt5ClientBuilder builder =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(clientId)
            .serverHost(host)
            .serverPort(port);
    if (tls) {
      builder = builder.sslConfig(sslConfig());
    }
    if (username != null) {
      builder =
          builder
              .simpleAuth()
              .username(username)
              .password(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth();
    }
    return builder;
  }

  private MqttClientSslConfig sslConfig() {
    var ssl = MqttClientSslConfig.builder();
    if (trustStore.isPresent()) {
      try {
        var store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trustStore.get())) {
          store.load(in, trustStorePassword.map(String::toCharArray).orElse(null));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        ssl = ssl.trustManagerFactory(factory);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException(
            "cannot read the MQTT trust store " + trustStore.get() + ": " + e.getMessage(), e);
      }
    }
    return ssl.build();
  }

  @Override
  public String toString() {
    return (tls ? "mqtts://" : "mqtt://") + host + ":" + port + " as " + username;
  }
}
