package io.millwright.publisher.batch;

/**
 * An event of the site's namespace bound for the cloud: an alarm's or a job's change as its role
 * published it, kept as published so the cloud reads it as a site would.
 *
 * @param topic the MQTT topic it was published on, e.g. {@code acme/plant-1/_jobs/events}
 * @param timestamp when the publisher received it, UTC epoch milliseconds
 * @param json the payload, a JSON document
 */
public record SiteEvent(String topic, long timestamp, String json) {

  public static final int MAX_TOPIC_LENGTH = 512;
  public static final int MAX_JSON_LENGTH = 64 * 1024;

  public SiteEvent {
    if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
      throw new IllegalArgumentException("an event's topic is 1-" + MAX_TOPIC_LENGTH + " chars");
    }
    if (json == null || json.length() > MAX_JSON_LENGTH) {
      throw new IllegalArgumentException("an event's payload is at most " + MAX_JSON_LENGTH);
    }
  }
}
