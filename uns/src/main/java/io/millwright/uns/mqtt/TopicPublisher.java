package io.millwright.uns.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A role's own plain MQTT topics beside Sparkplug (the OEE of lines and the site, alarm
 * transitions): one connection that reconnects by itself, QoS 1 publishes that never block the
 * caller, and counts of what the broker acknowledged and what failed.
 */
public final class TopicPublisher implements AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Mqtt5AsyncClient client;
  private final LongAdder published = new LongAdder();
  private final LongAdder failed = new LongAdder();

  public TopicPublisher(MqttEndpoint endpoint, String clientId) {
    this.client =
        endpoint.clientBuilder(clientId).automaticReconnectWithDefaultConfig().buildAsync();
  }

  /**
   * @throws Exception when the broker cannot be reached within 10 s
   */
  public void start() throws Exception {
    client.connectWith().cleanStart(true).send().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Publishes at QoS 1; the outcome is counted when the broker answers. */
  public void publish(String topic, byte[] payload, boolean retain) {
    client
        .publishWith()
        .topic(topic)
        .retain(retain)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .whenComplete(
            (ack, error) -> {
              if (error == null) {
                published.increment();
              } else {
                failed.increment();
              }
            });
  }

  /** Publishes the broker acknowledged. */
  public long published() {
    return published.sum();
  }

  /** Publishes that failed (refused, or lost with the connection). */
  public long failed() {
    return failed.sum();
  }

  @Override
  public void close() {
    client
        .disconnect()
        .orTimeout(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .exceptionally(e -> null);
  }
}
