package io.millwright.publisher.transport.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.internals.Topic;

/**
 * Where and how the cloud's {@link KafkaIntake} consumes.
 *
 * @param bootstrapServers {@code host:port[,host:port...]} of the Kafka cluster
 * @param topic the topic the sites produce to; {@value KafkaTransportConfig#DEFAULT_TOPIC} when
 *     null or blank
 * @param groupId the consumer group; {@value #DEFAULT_GROUP} when null or blank. Every cloud
 *     instance of one deployment uses the same group, so each record is stored by one of them.
 * @param properties further consumer settings passed through ({@code security.protocol}, {@code
 *     ssl.*}, {@code sasl.*}, {@code auto.offset.reset}...); never logged. {@code
 *     auto.offset.reset} is {@code earliest} unless set here.
 * @param backoff how long the intake waits before it hands a record again to a sink that threw; 1 s
 *     when null
 */
public record KafkaIntakeConfig(
    String bootstrapServers,
    String topic,
    String groupId,
    Map<String, String> properties,
    Duration backoff) {

  public static final String DEFAULT_GROUP = "millwright-cloud";

  /** Consumer settings the intake owns. */
  static final Set<String> OWNED =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "key.deserializer",
          "value.deserializer",
          "enable.auto.commit");

  public KafkaIntakeConfig {
    bootstrapServers = KafkaTransportConfig.requireBootstrap(bootstrapServers);
    topic = topic == null || topic.isBlank() ? KafkaTransportConfig.DEFAULT_TOPIC : topic.strip();
    Topic.validate(topic);
    groupId = groupId == null || groupId.isBlank() ? DEFAULT_GROUP : groupId.strip();
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    for (String key : properties.keySet()) {
      if (OWNED.contains(key)) {
        throw new IllegalArgumentException(
            "Kafka consumer setting \"" + key + "\" is the intake's own and cannot be set");
      }
    }
    backoff = backoff == null ? Duration.ofSeconds(1) : backoff;
    if (backoff.isNegative() || backoff.toMinutes() > 10) {
      throw new IllegalArgumentException("an intake backoff is 0 to 10 minutes, not " + backoff);
    }
  }

  /** The defaults for everything but the cluster. */
  public static KafkaIntakeConfig of(String bootstrapServers) {
    return new KafkaIntakeConfig(bootstrapServers, null, null, null, null);
  }

  /** Without the properties' values: they may hold passwords and keys. */
  @Override
  public String toString() {
    return "KafkaIntakeConfig[bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", groupId="
        + groupId
        + ", properties="
        + new TreeMap<>(properties).keySet()
        + ", backoff="
        + backoff
        + "]";
  }
}
