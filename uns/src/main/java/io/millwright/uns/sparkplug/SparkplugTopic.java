package io.millwright.uns.sparkplug;

/**
 * A Sparkplug B 3.0 topic: {@code spBv1.0/<group>/<TYPE>/<node>[/<device>]} or {@code
 * spBv1.0/STATE/<host_id>} (Sparkplug 3.0, 4.1 "Topic Namespace Elements").
 *
 * <p>For STATE topics {@link #hostId()} is set and group, node and device are empty; for node
 * messages the device is empty.
 */
public record SparkplugTopic(
    String group, MessageType type, String node, String device, String hostId) {

  /** The namespace element of Sparkplug B (tck-id-topic-structure-namespace-a). */
  public static final String NAMESPACE = "spBv1.0";

  private static final String PREFIX = NAMESPACE + "/";

  /** Longest topic accepted: MQTT allows 65,535 bytes, no legitimate Sparkplug topic nears this. */
  static final int MAX_TOPIC_LENGTH = 1024;

  public SparkplugTopic {
    if (type == null) {
      throw new IllegalArgumentException("the message type is missing");
    }
    group = group == null ? "" : group;
    node = node == null ? "" : node;
    device = device == null ? "" : device;
    hostId = hostId == null ? "" : hostId;
    if (type == MessageType.STATE) {
      requireId("host id", hostId);
    } else {
      requireId("group id", group);
      requireId("edge node id", node);
      if (type.isDeviceLevel()) {
        requireId("device id", device);
      } else if (!device.isEmpty()) {
        throw new IllegalArgumentException(type + " is a node message and takes no device id");
      }
    }
  }

  public static SparkplugTopic node(String group, MessageType type, String node) {
    return new SparkplugTopic(group, type, node, "", "");
  }

  public static SparkplugTopic device(String group, MessageType type, String node, String device) {
    return new SparkplugTopic(group, type, node, device, "");
  }

  public static SparkplugTopic state(String hostId) {
    return new SparkplugTopic("", MessageType.STATE, "", "", hostId);
  }

  /**
   * Parses a topic strictly: right namespace, known message type, the number of levels the type
   * requires, and ids that are neither empty nor MQTT wildcards (tck-id-topic-structure-namespace-
   * valid-group-id, -valid-edge-node-id, -valid-device-id).
   *
   * @throws InvalidTopicException saying what is wrong and at which character
   */
  public static SparkplugTopic parse(String topic) {
    if (topic == null) {
      throw new InvalidTopicException("null", -1, "the topic is missing");
    }
    if (topic.length() > MAX_TOPIC_LENGTH) {
      throw new InvalidTopicException(
          topic,
          MAX_TOPIC_LENGTH,
          "it is " + topic.length() + " characters long; the limit is " + MAX_TOPIC_LENGTH);
    }
    if (!topic.startsWith(PREFIX)) {
      throw new InvalidTopicException(
          topic, mismatch(topic, PREFIX), "it does not start with \"" + PREFIX + "\"");
    }
    int start = PREFIX.length();
    int second = topic.indexOf('/', start);
    if (second < 0) {
      throw new InvalidTopicException(
          topic, -1, "it ends after the group id; a message type and an edge node id must follow");
    }
    String first = topic.substring(start, second);
    if (first.equals("STATE")) {
      String hostId = lastLevel(topic, second + 1, "host id");
      return new SparkplugTopic("", MessageType.STATE, "", "", hostId);
    }
    checkId(topic, first, start, "group id");
    int third = topic.indexOf('/', second + 1);
    if (third < 0) {
      throw new InvalidTopicException(
          topic, -1, "it ends after the message type; an edge node id must follow");
    }
    String typeLevel = topic.substring(second + 1, third);
    MessageType type = MessageType.fromTopicLevel(typeLevel);
    if (type == null || type == MessageType.STATE) {
      throw new InvalidTopicException(
          topic,
          second + 1,
          "\""
              + typeLevel
              + "\" is not a message type; use NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA"
              + " or DCMD");
    }
    if (!type.isDeviceLevel()) {
      String node = lastLevel(topic, third + 1, "edge node id");
      return new SparkplugTopic(first, type, node, "", "");
    }
    int fourth = topic.indexOf('/', third + 1);
    if (fourth < 0) {
      throw new InvalidTopicException(
          topic, -1, type + " is a device message; a device id must follow the edge node id");
    }
    String node = topic.substring(third + 1, fourth);
    checkId(topic, node, third + 1, "edge node id");
    String device = lastLevel(topic, fourth + 1, "device id");
    return new SparkplugTopic(first, type, node, device, "");
  }

  /** The MQTT topic; edge sessions compute it once per device, not per message. */
  @Override
  public String toString() {
    if (type == MessageType.STATE) {
      return PREFIX + "STATE/" + hostId;
    }
    String base = PREFIX + group + '/' + type.name() + '/' + node;
    return type.isDeviceLevel() ? base + '/' + device : base;
  }

  private static String lastLevel(String topic, int from, String subject) {
    int slash = topic.indexOf('/', from);
    if (slash >= 0) {
      throw new InvalidTopicException(
          topic, slash, "there is a level too many after the " + subject);
    }
    String id = topic.substring(from);
    checkId(topic, id, from, subject);
    return id;
  }

  private static void checkId(String topic, String id, int offset, String subject) {
    if (id.isEmpty()) {
      throw new InvalidTopicException(
          topic, Math.min(offset, topic.length() - 1), "the " + subject + " is empty");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '+' || c == '#') {
        throw new InvalidTopicException(
            topic, offset + i, "the " + subject + " contains the MQTT wildcard '" + c + "'");
      }
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidTopicException(
            topic, offset + i, "the " + subject + " contains a control character");
      }
    }
  }

  /** Checks an id given to a constructor, where there is no topic to point into. */
  private static void requireId(String subject, String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("the " + subject + " is missing");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '+' || c == '#' || c == '/' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "the "
                + subject
                + " \""
                + id
                + "\" has a character Sparkplug forbids ('/', '+', '#' or a control character) at"
                + " character "
                + (i + 1));
      }
    }
  }

  private static int mismatch(String topic, String expected) {
    int n = Math.min(topic.length(), expected.length());
    for (int i = 0; i < n; i++) {
      if (topic.charAt(i) != expected.charAt(i)) {
        return i;
      }
    }
    return topic.isEmpty() ? -1 : n == topic.length() ? n - 1 : n;
  }
}
