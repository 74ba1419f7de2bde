package io.millwright.connect.mqtt;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Turns one message of the device into samples for every tag on its topic: one message can feed
 * several tags, and a tag whose part is missing or malformed becomes a Bad sample with the reason
 * while the others stay Good. A Bad sample carries the tag's last good value, as the other
 * connectors do. Thread-safe: the last values are kept per tag atomically.
 */
final class MessageDecoder {

  /**
   * The samples of one message and what went wrong in it.
   *
   * @param problems one line per Bad sample, for the connector's counters and last error
   * @param clockProblem why the device's own timestamp could not be used, empty when it could or
   *     none is configured; the samples then carry the time of receipt
   */
  record Decoded(List<TagSample> samples, List<String> problems, String clockProblem) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Map<String, List<DeviceTag>> byTopic;
  private final Optional<JsonPointer> timestampField;
  private final int maxPayload;
  private final AtomicReferenceArray<Value> lastValues;

  MessageDecoder(List<DeviceTag> tags, Optional<JsonPointer> timestampField, int maxPayload) {
    Map<String, List<DeviceTag>> topics = new LinkedHashMap<>();
    for (DeviceTag t : tags) {
      topics.computeIfAbsent(t.address().topic(), k -> new ArrayList<>()).add(t);
    }
    topics.replaceAll((topic, onTopic) -> List.copyOf(onTopic));
    this.byTopic = Collections.unmodifiableMap(topics);
    this.timestampField = timestampField;
    this.maxPayload = maxPayload;
    this.lastValues = new AtomicReferenceArray<>(tags.size());
    for (DeviceTag t : tags) {
      lastValues.set(t.index(), placeholder(t));
    }
  }

  /** The distinct topics to subscribe to, in the order of their first tag. */
  List<String> topics() {
    return List.copyOf(byTopic.keySet());
  }

  /** The tags fed by {@code topic}; empty for a topic no tag names. */
  List<DeviceTag> tagsOn(String topic) {
    return byTopic.getOrDefault(topic, List.of());
  }

  /** The tag's last good value in engineering units, or a placeholder before the first. */
  Value lastValue(DeviceTag t) {
    return lastValues.get(t.index());
  }

  Decoded decode(String topic, ByteBuffer payload, long receivedMillis) {
    List<DeviceTag> tags = tagsOn(topic);
    List<TagSample> samples = new ArrayList<>(tags.size());
    List<String> problems = new ArrayList<>();
    if (tags.isEmpty()) {
      return new Decoded(samples, problems, "");
    }
    if (payload.remaining() > maxPayload) {
      Reading tooLarge =
          Reading.tooLarge(
              "the payload has "
                  + payload.remaining()
                  + " bytes, more than options.maxPayload ("
                  + maxPayload
                  + ")");
      for (DeviceTag t : tags) {
        samples.add(sample(t, tooLarge, receivedMillis, topic, problems));
      }
      return new Decoded(samples, problems, "");
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    Payload parsed = new Payload(bytes);
    long timestamp = receivedMillis;
    String clockProblem = "";
    if (timestampField.isPresent()
        && tags.stream().anyMatch(t -> t.address().pointer().isPresent())) {
      Clock clock = deviceClock(parsed, timestampField.get());
      if (clock.problem.isEmpty()) {
        timestamp = clock.millis;
      } else {
        clockProblem = topic + ": " + clock.problem + "; using the time of receipt";
      }
    }
    for (DeviceTag t : tags) {
      Reading reading =
          t.address().pointer().isPresent()
              ? parsed.field(t.address().pointer().get(), t.tag().type())
              : parsed.text(t.tag().type());
      samples.add(sample(t, reading, timestamp, topic, problems));
    }
    return new Decoded(samples, problems, clockProblem);
  }

  private TagSample sample(
      DeviceTag t, Reading reading, long timestamp, String topic, List<String> problems) {
    return switch (reading) {
      case Reading.Good good -> {
        Value value = engineering(t, good.value());
        lastValues.set(t.index(), value);
        yield new TagSample(t.name(), Sample.good(timestamp, value));
      }
      case Reading.Bad bad -> {
        problems.add(t.name() + " (" + t.address() + "): " + bad.detail());
        yield new TagSample(
            t.name(), new Sample(timestamp, lastValues.get(t.index()), Quality.bad(bad.reason())));
      }
    };
  }

  /**
   * A scaled tag is delivered as a double whatever its type: {@code raw * 0.1} of an integer is not
   * an integer any more.
   */
  private static Value engineering(DeviceTag t, Value raw) {
    Scale scale = t.tag().scale();
    if (scale.isIdentity() || !t.tag().type().isNumeric()) {
      return raw;
    }
    return Value.of(scale.apply(raw.asDouble()));
  }

  /** A sample needs a value even before one was read; quality Bad says not to trust it. */
  private static Value placeholder(DeviceTag t) {
    DataType type = t.tag().type();
    if (type.isNumeric() && !t.tag().scale().isIdentity()) {
      return Value.of(Double.NaN);
    }
    return switch (type.kind()) {
      case BOOLEAN -> Value.of(false);
      case LONG -> Value.of(0L);
      case DOUBLE -> Value.of(Double.NaN);
      case STRING -> Value.of("");
    };
  }

  private record Clock(long millis, String problem) {}

  /**
   * The device's own time: epoch milliseconds as a JSON number, or ISO 8601 text with an offset
   * ({@code 2026-11-23T18:00:00.250Z}).
   */
  private static Clock deviceClock(Payload payload, JsonPointer field) {
    JsonNode json = payload.json();
    if (json == null) {
      return new Clock(0, "the payload is not JSON, so it has no timestamp");
    }
    JsonNode node = json.at(field);
    if (node.isMissingNode() || node.isNull()) {
      return new Clock(0, "the timestamp field " + field + " is missing");
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return new Clock(node.longValue(), "");
    }
    if (node.isTextual()) {
      try {
        return new Clock(OffsetDateTime.parse(node.textValue()).toInstant().toEpochMilli(), "");
      } catch (DateTimeParseException | ArithmeticException e) {
        // reported below with the accepted forms
      }
    }
    return new Clock(
        0,
        "the timestamp field "
            + field
            + " is neither epoch milliseconds nor an ISO 8601 time with offset");
  }

  /** One message's payload, decoded as text or parsed as JSON at most once, when a tag asks. */
  private static final class Payload {
    private final byte[] bytes;
    private String text;
    private String textProblem;
    private JsonNode json;
    private String jsonProblem;

    Payload(byte[] bytes) {
      this.bytes = bytes;
    }

    Reading text(DataType type) {
      if (text == null && textProblem == null) {
        try {
          text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(bytes))
                  .toString();
        } catch (CharacterCodingException e) {
          textProblem = "the payload is not UTF-8 text";
        }
      }
      return text != null ? DeviceValues.fromText(text, type) : Reading.undecodable(textProblem);
    }

    Reading field(JsonPointer pointer, DataType type) {
      JsonNode root = json();
      if (root == null) {
        return bytes.length == 0
            ? Reading.noData("the payload is empty")
            : Reading.undecodable(jsonProblem);
      }
      return DeviceValues.fromJson(root.at(pointer), type);
    }

    /** The parsed payload, or null when it is not JSON ({@link #jsonProblem} says why). */
    JsonNode json() {
      if (json == null && jsonProblem == null) {
        if (bytes.length == 0) {
          jsonProblem = "the payload is empty";
          return null;
        }
        try {
          json = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
          jsonProblem = "the payload is not JSON: " + oneLine(e.getOriginalMessage());
        } catch (IOException e) {
          jsonProblem = "the payload is not JSON: " + oneLine(e.getMessage());
        }
      }
      return json;
    }
  }

  /** Parser messages quote the input; an operator's last-error line must stay one short line. */
  static String oneLine(String message) {
    String line = String.valueOf(message).replaceAll("\\p{Cntrl}+", " ").strip();
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }
}
