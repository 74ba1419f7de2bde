package io.millwright.alarms.live;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.notify.EventJson;
import io.millwright.uns.mqtt.MqttEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Puts alarm transitions into the namespace: each alarm's latest transition retained on {@code
 * <enterprise>/<site>/<area>/<line>/<machine>/_alarms/<alarm>} (a dashboard that subscribes sees
 * every alarm's state at once), and every transition on {@code <enterprise>/<site>/_alarms/events}
 * (QoS 1, not retained: the notification topic). {@code _alarms} cannot be a machine id or a tag
 * level of a machine id, so it never collides with the JSON mirror's topics.
 */
final class AlarmPublisher implements AutoCloseable {

  static final String LEVEL = "_alarms";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Mqtt5AsyncClient client;
  private final String prefix;
  private final String eventsTopic;
  private final LongAdder published = new LongAdder();
  private final LongAdder failed = new LongAdder();

  AlarmPublisher(MqttEndpoint endpoint, String enterprise, String site) {
    this.prefix = enterprise + "/" + site + "/";
    this.eventsTopic = prefix + LEVEL + "/events";
    this.client =
        endpoint
            .clientBuilder("millwright-alarms-" + site)
            .automaticReconnectWithDefaultConfig()
            .buildAsync();
  }

  void start() throws Exception {
    client.connectWith().cleanStart(true).send().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The retained topic of one alarm. */
  String topic(AlarmEvent e) {
    return prefix + e.area() + "/" + e.line() + "/" + e.machine() + "/" + LEVEL + "/" + e.alarm();
  }

  void publish(AlarmEvent e) {
    byte[] json = EventJson.json(e).getBytes(StandardCharsets.UTF_8);
    send(topic(e), json, true);
    send(eventsTopic, json, false);
  }

  private void send(String topic, byte[] payload, boolean retain) {
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

  long published() {
    return published.sum();
  }

  long failed() {
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
