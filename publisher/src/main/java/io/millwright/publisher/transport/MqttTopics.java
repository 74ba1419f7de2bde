package io.millwright.publisher.transport;

import io.millwright.core.namespace.Names;
import io.millwright.publisher.batch.BatchId;

/**
 * The cloud broker's topics: {@code <prefix>/<site>/batch/<live|historical>/<buffer>/<sequence>}
 * for a batch (payload: the envelope's bytes as is) and {@code <prefix>/<site>/status} for a site's
 * status ({@link SiteStatusJson}).
 */
public final class MqttTopics {

  /** What a topic names. */
  public sealed interface Parsed permits BatchTopic, StatusTopic {
    String site();
  }

  /** A batch's topic. */
  public record BatchTopic(BatchId id, boolean historical) implements Parsed {
    @Override
    public String site() {
      return id.site();
    }
  }

  /** A site's status topic. */
  public record StatusTopic(String site) implements Parsed {}

  private MqttTopics() {}

  public static String batch(String prefix, BatchId id, boolean historical) {
    return prefix
        + "/"
        + id.site()
        + "/batch/"
        + (historical ? "historical" : "live")
        + "/"
        + id.buffer()
        + "/"
        + id.sequence();
  }

  public static String status(String prefix, String site) {
    return prefix + "/" + site + "/status";
  }

  /** The intake's subscriptions: every site's batches. */
  public static String batchFilter(String prefix) {
    return prefix + "/+/batch/#";
  }

  /** The intake's subscriptions: every site's status. */
  public static String statusFilter(String prefix) {
    return prefix + "/+/status";
  }

  /**
   * Reads a topic the transport wrote.
   *
   * @throws IllegalArgumentException saying why it is not one (the topic is quoted cut short)
   */
  public static Parsed parse(String prefix, String topic) {
    if (topic == null || !topic.startsWith(prefix + "/")) {
      throw new IllegalArgumentException("topic " + quote(topic) + " is not under " + prefix + "/");
    }
    String[] levels = topic.substring(prefix.length() + 1).split("/", -1);
    try {
      if (levels.length == 2 && levels[1].equals("status")) {
        return new StatusTopic(Names.requireName("site id", levels[0]));
      }
      if (levels.length == 5 && levels[1].equals("batch")) {
        boolean historical =
            switch (levels[2]) {
              case "live" -> false;
              case "historical" -> true;
              default ->
                  throw new IllegalArgumentException(
                      "topic " + quote(topic) + ": \"live\" or \"historical\" expected");
            };
        long sequence;
        try {
          sequence = Long.parseLong(levels[4]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "topic " + quote(topic) + ": the batch sequence is not a number");
        }
        if (!Long.toString(sequence).equals(levels[4])) {
          // "007" or "+7" would name batch 7 a second way
          throw new IllegalArgumentException(
              "topic " + quote(topic) + ": the batch sequence is not written plainly");
        }
        return new BatchTopic(new BatchId(levels[0], levels[3], sequence), historical);
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("topic ")) {
        throw e;
      }
      throw new IllegalArgumentException("topic " + quote(topic) + ": " + cut(e.getMessage()));
    }
    throw new IllegalArgumentException(
        "topic "
            + quote(topic)
            + " is neither <prefix>/<site>/status nor"
            + " <prefix>/<site>/batch/<live|historical>/<buffer>/<sequence>");
  }

  private static String quote(String topic) {
    return "\"" + cut(topic) + "\"";
  }

  private static String cut(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
