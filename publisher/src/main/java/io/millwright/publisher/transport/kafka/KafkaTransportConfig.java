package io.millwright.publisher.transport.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.internals.Topic;

/**
 * Where and how the site's {@link KafkaTransport} produces.
 *
 * @param bootstrapServers {@code host:port[,host:port...]} of the cloud's Kafka cluster
 * @param topic the topic batches and statuses go to; {@value #DEFAULT_TOPIC} when null or blank
 * @param clientId the producer's client id (the site id is a good one); {@code millwright} when
 *     null or blank
 * @param properties further producer settings passed through as they are: {@code
 *     security.protocol}, {@code ssl.*}, {@code sasl.*}, {@code max.request.size}... Never logged,
 *     since they may hold secrets. The settings the transport's guarantees rest on (idempotence,
 *     acks, compression, serializers, timeouts, transactions) cannot be set here.
 * @param timeout how long one send may take until acknowledged (Kafka's {@code delivery.timeout.ms}
 *     and how long a send waits for the topic's metadata); 30 s when null
 */
public record KafkaTransportConfig(
    String bootstrapServers,
    String topic,
    String clientId,
    Map<String, String> properties,
    Duration timeout) {

  public static final String DEFAULT_TOPIC = "millwright.batches";

  /** Producer settings the transport owns. */
  static final Set<String> OWNED =
      Set.of(
          "bootstrap.servers",
          "client.id",
          "key.serializer",
          "value.serializer",
          "enable.idempotence",
          "acks",
          "retries",
          "compression.type",
          "delivery.timeout.ms",
          "request.timeout.ms",
          "max.block.ms",
          "linger.ms",
          "max.in.flight.requests.per.connection",
          "transactional.id",
          "partitioner.class");

  public KafkaTransportConfig {
    bootstrapServers = requireBootstrap(bootstrapServers);
    topic = topic == null || topic.isBlank() ? DEFAULT_TOPIC : topic.strip();
    Topic.validate(topic); // an invalid name would refuse every batch: fail at configuration
    clientId = clientId == null || clientId.isBlank() ? "millwright" : clientId.strip();
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    for (String key : properties.keySet()) {
      if (OWNED.contains(key)) {
        throw new IllegalArgumentException(
            "Kafka producer setting \"" + key + "\" is the transport's own and cannot be set");
      }
    }
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    if (timeout.toMillis() < 1000 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a Kafka send timeout is 1 s or more, not " + timeout);
    }
  }

  /** The defaults for everything but the cluster. */
  public static KafkaTransportConfig of(String bootstrapServers) {
    return new KafkaTransportConfig(bootstrapServers, null, null, null, null);
  }

  static String requireBootstrap(String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    String servers = bootstrapServers.strip();
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are missing");
    }
    return servers;
  }

  /** Without the properties' values: they may hold passwords and keys. */
  @Override
  public String toString() {
    return "KafkaTransportConfig[bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", clientId="
        + clientId
        + ", properties="
        + new TreeMap<>(properties).keySet()
        + ", timeout="
        + timeout
        + "]";
  }
}
