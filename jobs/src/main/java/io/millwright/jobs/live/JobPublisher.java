package io.millwright.jobs.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.Transition;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.mqtt.TopicPublisher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts jobs into the namespace: every transition on {@code <enterprise>/<site>/_jobs/events} (QoS
 * 1, not retained), and each machine's current job retained on {@code
 * <enterprise>/<site>/_jobs/machines/<machine>} (an empty object when it has none), so an andon
 * board that subscribes sees every machine's job at once. {@code _jobs} cannot be a machine or area
 * id, so it never collides with the JSON mirror's topics.
 */
final class JobPublisher implements AutoCloseable {

  static final String LEVEL = "_jobs";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TopicPublisher topics;
  private final String prefix;

  JobPublisher(MqttEndpoint endpoint, String clientId, String enterprise, String site) {
    this.prefix = enterprise + "/" + site + "/" + LEVEL + "/";
    this.topics = new TopicPublisher(endpoint, "millwright-" + clientId + "-" + site);
  }

  void start() throws Exception {
    topics.start();
  }

  void transition(Transition t, Job job) {
    Map<String, Object> event = new LinkedHashMap<>(JobViews.transition(t));
    event.put("orderNumber", job.order().orderNumber());
    event.put("operation", job.order().operation());
    event.put("machine", job.machine().orElse(null));
    topics.publish(prefix + "events", bytes(event), false);
  }

  void machine(String machine, Optional<Job> current) {
    Object body = current.<Object>map(j -> JobViews.job(j, 0)).orElse(Map.of());
    topics.publish(prefix + "machines/" + machine, bytes(body), true);
  }

  private static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  long failed() {
    return topics.failed();
  }

  @Override
  public void close() {
    topics.close();
  }
}
