package io.millwright.alarms.live;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.notify.EventJson;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.mqtt.TopicPublisher;
import java.nio.charset.StandardCharsets;

/**
 * Puts alarm transitions into the namespace: each alarm's latest transition retained on {@code
 * <enterprise>/<site>/<area>/<line>/<machine>/_alarms/<alarm>} (a dashboard that subscribes sees
 * every alarm's state at once), and every transition on {@code <enterprise>/<site>/_alarms/events}
 * (QoS 1, not retained: the notification topic). {@code _alarms} cannot be a machine id or a tag
 * level of a machine id, so it never collides with the JSON mirror's topics.
 */
final class AlarmPublisher implements AutoCloseable {

  static final String LEVEL = "_alarms";
  private final TopicPublisher topics;
  private final String prefix;
  private final String eventsTopic;

  AlarmPublisher(MqttEndpoint endpoint, String enterprise, String site) {
    this.prefix = enterprise + "/" + site + "/";
    this.eventsTopic = prefix + LEVEL + "/events";
    this.topics = new TopicPublisher(endpoint, "millwright-alarms-" + site);
  }

  void start() throws Exception {
    topics.start();
  }

  /** The retained topic of one alarm. */
  String topic(AlarmEvent e) {
    return prefix + e.area() + "/" + e.line() + "/" + e.machine() + "/" + LEVEL + "/" + e.alarm();
  }

  void publish(AlarmEvent e) {
    byte[] json = EventJson.json(e).getBytes(StandardCharsets.UTF_8);
    topics.publish(topic(e), json, true);
    topics.publish(eventsTopic, json, false);
  }

  long failed() {
    return topics.failed();
  }

  @Override
  public void close() {
    topics.close();
  }
}
