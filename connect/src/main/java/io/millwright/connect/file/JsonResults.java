package io.millwright.connect.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON results: one object per file, or an array of objects, one result each. A tag address is a
 * JSON pointer ({@code /result/pass}, {@code /features/0/deviation}); the leading slash may be left
 * out. A field that is null or absent is missing; an object or array where a value was expected is
 * kept as its JSON text, which only a string tag accepts.
 */
final class JsonResults implements ResultParser {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final Map<String, JsonPointer> pointers = new LinkedHashMap<>();
  private final int maxRows;

  /**
   * @param addresses checked with {@link #pointer} beforehand
   */
  JsonResults(List<String> addresses, int maxRows) {
    addresses.forEach(a -> pointers.put(a, pointer(a)));
    this.maxRows = maxRows;
  }

  /**
   * @throws IllegalArgumentException when the address is not a JSON pointer
   */
  static JsonPointer pointer(String address) {
    return JsonPointer.compile(address.startsWith("/") ? address : "/" + address);
  }

  @Override
  public List<ResultRecord> parse(byte[] content) throws BadFileException {
    try (JsonParser parser = MAPPER.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new BadFileException("the file is empty");
      }
      List<ResultRecord> records;
      if (first == JsonToken.START_OBJECT) {
        records = List.of(record("the object", MAPPER.readTree(parser)));
      } else if (first == JsonToken.START_ARRAY) {
        records = elements(parser);
      } else {
        throw new BadFileException("the file holds a single " + kind(first) + ", not an object");
      }
      if (parser.nextToken() != null) {
        throw new BadFileException("not valid JSON: more after the end of the first value");
      }
      return records;
    } catch (JsonProcessingException e) {
      throw new BadFileException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadFileException("not valid JSON: " + e.getMessage());
    }
  }

  /**
   * The objects of a top-level array, read one at a time, so that the row limit stops a hostile
   * array of millions of elements before they are all in memory.
   */
  private List<ResultRecord> elements(JsonParser parser) throws IOException, BadFileException {
    List<ResultRecord> records = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t == null) {
        throw new BadFileException("not valid JSON: the array is not closed");
      }
      if (records.size() == maxRows) {
        throw new BadFileException(
            "the array holds more than " + maxRows + " results (option maxRows)");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new BadFileException(
            "element " + records.size() + " of the array is a " + kind(t) + ", not an object");
      }
      records.add(record("element " + records.size(), MAPPER.readTree(parser)));
    }
    if (records.isEmpty()) {
      throw new BadFileException("the array holds no result");
    }
    return records;
  }

  private ResultRecord record(String where, JsonNode node) {
    Map<String, String> fields = new LinkedHashMap<>();
    pointers.forEach(
        (address, pointer) -> {
          JsonNode value = node.at(pointer);
          if (value.isMissingNode() || value.isNull()) {
            return;
          }
          fields.put(address, value.isContainerNode() ? value.toString() : value.asText());
        });
    return new ResultRecord(where, fields);
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }
}
