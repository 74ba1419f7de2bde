package io.millwright.connect.mqtt;

import com.fasterxml.jackson.core.JsonPointer;
import io.millwright.core.machine.DefinitionException;
import java.util.Optional;

/**
 * Where a tag's value is in what the device publishes: {@code topic} alone when the whole payload
 * is the value as text ({@code cnc-01/spindle/speed} carrying {@code 1200}), or {@code
 * topic#pointer} when the payload is JSON and an RFC 6901 JSON pointer picks the field ({@code
 * devices/cnc-01/status#/spindle/speed}). The first {@code #} separates the two: a topic name can
 * never contain one (it is the MQTT wildcard), and {@code #/...} is how RFC 6901 writes a pointer
 * in a URI fragment.
 *
 * @param pointer empty for a plain payload
 */
record TagAddress(String topic, Optional<JsonPointer> pointer) {

  static final String FORMS =
      "write topic/name for a plain value or topic/name#/json/pointer for a field of a JSON payload";

  /**
   * @throws DefinitionException on field {@code address}
   */
  static TagAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DefinitionException("address", "is missing; " + FORMS);
    }
    String address = text.strip();
    int hash = address.indexOf('#');
    String topic = hash < 0 ? address : address.substring(0, hash);
    String topicProblem = TopicNames.problem(topic);
    if (!topicProblem.isEmpty()) {
      throw new DefinitionException(
          "address", "\"" + address + "\" " + topicProblem + "; " + FORMS);
    }
    if (hash < 0) {
      return new TagAddress(topic, Optional.empty());
    }
    return new TagAddress(topic, Optional.of(pointer("address", address.substring(hash + 1))));
  }

  /**
   * Parses an RFC 6901 pointer strictly: Jackson accepts a lone {@code ~} as a literal, which would
   * hide a typo of {@code ~0} or {@code ~1}.
   *
   * @throws DefinitionException on {@code field}
   */
  static JsonPointer pointer(String field, String text) {
    if (!text.startsWith("/")) {
      throw new DefinitionException(
          field,
          "the JSON pointer \""
              + text
              + "\" must start with /, e.g. /spindle/speed (wildcards are not supported)");
    }
    for (int i = text.indexOf('~'); i >= 0; i = text.indexOf('~', i + 1)) {
      if (i + 1 >= text.length() || (text.charAt(i + 1) != '0' && text.charAt(i + 1) != '1')) {
        throw new DefinitionException(
            field,
            "the JSON pointer \""
                + text
                + "\" has a ~ that is not ~0 (for ~) or ~1 (for /) at character "
                + (i + 1));
      }
    }
    return JsonPointer.compile(text);
  }

  @Override
  public String toString() {
    return pointer.map(p -> topic + "#" + p).orElse(topic);
  }
}
