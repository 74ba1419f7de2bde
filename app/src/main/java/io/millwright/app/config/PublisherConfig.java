package io.millwright.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code publisher} section: where the site's data goes in the cloud and how the outbound
 * buffer behaves. Secrets (token, passwords) come only from the environment.
 *
 * @param transport {@code https} (the cloud role), {@code mqtt} (a cloud broker) or {@code kafka}
 * @param url the cloud role's base URL, the broker's {@code mqtt(s)://host:port}, or Kafka's
 *     bootstrap servers
 * @param token https: the site's token at the cloud
 * @param topic mqtt: the topic prefix; kafka: the topic
 * @param username mqtt: the user name at the cloud broker
 * @param password mqtt: its password
 * @param trustStore a PKCS12 trust store for the cloud's certificate (else the JDK's)
 * @param keyStore mqtt: a PKCS12 key store holding the site's client certificate
 * @param kafka kafka: producer properties passed through (security.protocol, ssl.*, sasl.*)
 * @param batchInterval how long readings gather before a batch is sealed
 * @param drainRate readings per second the backlog is sent at beside live data; 0 for no limit
 * @param diskBudget bytes the outbound buffer may hold; past it the oldest batches are dropped
 * @param warnAt the buffer's fill (0..1) from which it warns (metric, health, fleet view)
 * @param timeout how long one send may take
 */
public record PublisherConfig(
    String transport,
    String url,
    Optional<Secret> token,
    Optional<String> topic,
    Optional<String> username,
    Optional<Secret> password,
    Optional<Path> trustStore,
    Optional<Secret> trustStorePassword,
    Optional<Path> keyStore,
    Optional<Secret> keyStorePassword,
    Map<String, String> kafka,
    Duration batchInterval,
    long drainRate,
    long diskBudget,
    double warnAt,
    Duration timeout) {

  public static final String HTTPS = "https";
  public static final String MQTT = "mqtt";
  public static final String KAFKA = "kafka";

  /**
   * Two seconds: live data reaches the cloud within seconds, and a batch holds enough readings for
   * the codec to get under 10 bytes a sample. At most {@link #MAX_BATCH_INTERVAL}: what the
   * publisher holds unsealed must stay within what the edge nodes resend after a crash (5 s).
   */
  public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(2);

  public static final Duration MAX_BATCH_INTERVAL = Duration.ofSeconds(3);

  /** Ten times what the demo factory produces, so a backlog drains while live data flows. */
  public static final long DEFAULT_DRAIN_RATE = 20_000;

  public static final long DEFAULT_DISK_BUDGET = 2L * 1024 * 1024 * 1024;
  public static final double DEFAULT_WARN_AT = 0.8;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public PublisherConfig {
    kafka = Map.copyOf(kafka);
  }

  /**
   * The demo's: HTTP on loopback to the cloud role of the same process (or of the demo's first).
   */
  public static PublisherConfig demo(String baseUrl, Secret token) {
    return new PublisherConfig(
        HTTPS,
        baseUrl,
        Optional.of(token),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        DEFAULT_BATCH_INTERVAL,
        DEFAULT_DRAIN_RATE,
        256L * 1024 * 1024,
        DEFAULT_WARN_AT,
        Duration.ofSeconds(5));
  }
}
