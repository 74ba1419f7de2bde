package io.millwright.connect.file;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

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
    JsonNode root;
    try {
      root = MAPPER.readTree(content);
    } catch (JsonProcessingException e) {
      throw new BadFileException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadFileException("not valid JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new BadFileException("the file is empty");
    }
    if (root.isObject()) {
      return List.of(record("the object", root));
    }
    if (!root.isArray()) {
      throw new BadFileException("the file holds a single " + kind(root) + ", not an object");
    }
    if (root.isEmpty()) {
      throw new BadFileException("the array holds no result");
    }
    if (root.size() > maxRows) {
      throw new BadFileException(
          "the array holds "
              + root.size()
              + " results, more than "
              + maxRows
              + " (option maxRows)");
    }
    List<ResultRecord> records = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      if (!element.isObject()) {
        throw new BadFileException("element " + i + " of the array is a " + kind(element));
      }
      records.add(record("element " + i, element));
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

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
