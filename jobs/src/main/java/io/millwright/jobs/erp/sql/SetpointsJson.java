package io.millwright.jobs.erp.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code setpoints} column: a JSON object from tag path to value. Values become text as written
 * in the JSON ({@code 180.50} stays {@code 180.50}, not {@code 180.5}), because the tag types them
 * when they are written to the machine; the ERP's order of the tags is kept.
 */
final class SetpointsJson {

  private static final JsonFactory JSON = new JsonFactory();

  private SetpointsJson() {}

  /**
   * The setpoints, in the object's order.
   *
   * @throws IllegalArgumentException saying what is wrong, when it is not such an object
   */
  static Map<String, String> parse(String json) {
    Map<String, String> setpoints = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("is not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          throw new IllegalArgumentException("is not a complete JSON object");
        }
        String tag = p.currentName();
        if (tag == null || tag.isBlank()) {
          throw new IllegalArgumentException("has a blank tag");
        }
        String value = scalar(p.nextToken(), p, tag);
        if (setpoints.putIfAbsent(tag, value) != null) {
          throw new IllegalArgumentException("names tag '" + tag + "' twice");
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("has text after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // A parser over a String does no I/O; this is malformed input all the same.
      throw new IllegalArgumentException("is not valid JSON: " + e.getMessage());
    }
    return setpoints;
  }

  private static String scalar(JsonToken token, JsonParser p, String tag) throws IOException {
    if (token == null) {
      throw new IllegalArgumentException("is not a complete JSON object");
    }
    return switch (token) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> throw new IllegalArgumentException("has no value for tag '" + tag + "'");
      default ->
          throw new IllegalArgumentException(
              "has a value for tag '" + tag + "' that is not a string, number or boolean");
    };
  }
}
