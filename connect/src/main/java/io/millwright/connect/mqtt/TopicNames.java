package io.millwright.connect.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * The rules for a topic a device publishes on, or a command topic it listens to: MQTT 5 section 4.7
 * for topic names (no wildcards, no NUL, well-formed UTF-8 of at most 65535 bytes), and not a
 * broker topic ({@code $SYS/...}), which devices cannot publish to.
 */
final class TopicNames {

  static final int MAX_BYTES = 65_535;

  private TopicNames() {}

  /**
   * @return the problem with {@code topic} in operator words, or empty when it is usable
   */
  static String problem(String topic) {
    if (topic.isEmpty()) {
      return "has no topic";
    }
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      return "topic \""
          + topic
          + "\" contains a wildcard (+ or #); name the one topic the device publishes on";
    }
    if (topic.startsWith("$")) {
      return "topic \"" + topic + "\" starts with $, which brokers keep for themselves";
    }
    if (topic.indexOf('\0') >= 0) {
      return "topic contains a NUL character";
    }
    // Lone surrogates have no UTF-8 form; the client would refuse the topic at subscribe time.
    if (topic
        .codePoints()
        .anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
      return "topic contains a broken character (a lone UTF-16 surrogate)";
    }
    if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "topic is longer than MQTT allows (" + MAX_BYTES + " bytes)";
    }
    return "";
  }
}
