package io.millwright.simulator.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.sample.Value;
import io.millwright.simulator.TagSpec;
import java.io.IOException;
import java.util.List;

/**
 * A command the simulated device takes: {@code {"tag": "<tag name>", "value": <value>}}, what the
 * MQTT device connector publishes on a write. The value must be of the tag's kind: a JSON bool for
 * a bool, a whole number for an integer type, any number for a float, a string for a string.
 *
 * @param tag the tag path as the machine names it
 */
record CommandMessage(String tag, Value value) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @throws IllegalArgumentException saying what is wrong with the message
   */
  static CommandMessage parse(byte[] payload, List<TagSpec> tags) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("the command is not JSON");
    }
    if (root == null || !root.path("tag").isTextual() || !root.has("value")) {
      throw new IllegalArgumentException("the command needs a string \"tag\" and a \"value\"");
    }
    String name = root.get("tag").textValue();
    TagSpec tag =
        tags.stream()
            .filter(t -> t.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("there is no tag " + name));
    JsonNode v = root.get("value");
    Value value =
        switch (tag.type().kind()) {
          case BOOLEAN -> v.isBoolean() ? Value.of(v.booleanValue()) : null;
          case LONG ->
              v.isIntegralNumber() && v.canConvertToLong() ? Value.of(v.longValue()) : null;
          case DOUBLE -> v.isNumber() ? Value.of(v.doubleValue()) : null;
          case STRING -> v.isTextual() ? Value.of(v.textValue()) : null;
        };
    if (value == null) {
      throw new IllegalArgumentException(
          v + " does not fit " + name + ", a " + tag.type().configName() + " tag");
    }
    return new CommandMessage(name, value);
  }
}
