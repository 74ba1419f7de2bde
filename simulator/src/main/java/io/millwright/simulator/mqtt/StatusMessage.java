package io.millwright.simulator.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.sample.Value;
import io.millwright.simulator.TagSpec;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON a simulated MQTT device publishes: every tag's value nested by the segments of its tag
 * path, as devices group their fields ({@code spindle/speed} becomes {@code {"spindle": {"speed":
 * 1200}}}), and the device's time in {@code ts} (epoch milliseconds).
 */
final class StatusMessage {

  /** The field holding the device's time: a JSON pointer, as the connector's option wants it. */
  static final String TIMESTAMP_POINTER = "/ts";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusMessage() {}

  /**
   * @throws IllegalArgumentException when a tag path is also the parent of another ({@code a} and
   *     {@code a/b}): one JSON field cannot be both a value and an object
   */
  static void requireNestable(List<TagSpec> tags) {
    values(tags, t -> Value.of(0L));
  }

  /** The tag values alone, without the time: what is compared to publish only on change. */
  static ObjectNode values(List<TagSpec> tags, Function<String, Value> read) {
    ObjectNode root = JSON.createObjectNode();
    for (TagSpec tag : tags) {
      String[] segments = tag.name().split("/");
      ObjectNode parent = root;
      for (int i = 0; i < segments.length - 1; i++) {
        JsonNode child = parent.get(segments[i]);
        if (child != null && !child.isObject()) {
          throw nestingConflict(tag);
        }
        parent = child == null ? parent.putObject(segments[i]) : (ObjectNode) child;
      }
      String leaf = segments[segments.length - 1];
      if (parent.has(leaf)) {
        throw nestingConflict(tag);
      }
      put(parent, leaf, read.apply(tag.name()));
    }
    return root;
  }

  /** The message: the values and the time they were taken. */
  static byte[] encode(ObjectNode values, long epochMillis) {
    ObjectNode message = values.deepCopy();
    message.put("ts", epochMillis);
    try {
      return JSON.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /** Where a tag's value is in the message, as an RFC 6901 pointer. */
  static String pointer(String tagName) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : tagName.split("/")) {
      pointer.append('/').append(segment.replace("~", "~0"));
    }
    return pointer.toString();
  }

  private static void put(ObjectNode parent, String field, Value value) {
    switch (value) {
      case Value.Bool b -> parent.put(field, b.value());
      case Value.Int64 i -> parent.put(field, i.value());
      // JSON has no NaN or infinity; null says "no value" and the connector marks the tag Bad.
      case Value.Float64 f -> {
        if (Double.isFinite(f.value())) {
          parent.put(field, f.value());
        } else {
          parent.putNull(field);
        }
      }
      case Value.Text t -> parent.put(field, t.value());
    }
  }

  private static IllegalArgumentException nestingConflict(TagSpec tag) {
    return new IllegalArgumentException(
        "the tag "
            + tag.name()
            + " is both a value and the parent of another tag; a JSON field cannot be both");
  }
}
