package io.millwright.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code cloud} section: which sites may send, where their samples are stored, and the intakes
 * beside the HTTPS endpoint (a cloud MQTT broker, Kafka). Secrets come only from the environment.
 *
 * @param sites the registered sites; a batch from any other is refused and counted
 * @param store {@code embedded} (the demo) or {@code postgresql}
 * @param postgresql the PostgreSQL store's connection, when {@code store} is postgresql
 * @param mqtt an MQTT intake: batches the sites published to a cloud broker
 * @param kafka a Kafka intake: batches the sites produced to a topic
 * @param receiptRetention how long batch ids are remembered to drop replays
 */
public record CloudConfig(
    List<Site> sites,
    String store,
    Optional<Postgres> postgresql,
    Optional<Mqtt> mqtt,
    Optional<Kafka> kafka,
    Duration receiptRetention) {

  public static final String EMBEDDED = "embedded";
  public static final String POSTGRESQL = "postgresql";
  public static final Duration DEFAULT_RECEIPT_RETENTION = Duration.ofDays(30);

  public CloudConfig {
    sites = List.copyOf(sites);
  }

  /** A site allowed to send; its token authenticates its HTTPS requests. */
  public record Site(String id, String name, Optional<Secret> token) {}

  /**
   * The cloud historian on PostgreSQL, in its own schema (an edge historian may share the server).
   */
  public record Postgres(String url, String user, Secret password, String schema) {}

  /** The cloud broker the sites publish to. */
  public record Mqtt(
      String url,
      String topic,
      Optional<String> username,
      Optional<Secret> password,
      Optional<Path> trustStore,
      Optional<Secret> trustStorePassword) {}

  /** The Kafka topic the sites produce to. */
  public record Kafka(
      String bootstrapServers, String topic, String group, Map<String, String> properties) {

    public Kafka {
      properties = Map.copyOf(properties);
    }
  }
}
