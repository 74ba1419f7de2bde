package io.millwright.connect.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.sample.Value;
import java.util.Locale;

/**
 * Turns a write into the command message the device receives: {@code {"tag": "spindle/setpoint",
 * "value": 1200}}, the tag named as in the definition and the value as the device holds it (the
 * tag's scale undone, integers rounded and range-checked). Every refusal is a {@link
 * WriteException} that says why in operator words.
 */
final class CommandEncoder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CommandEncoder() {}

  static byte[] encode(DeviceTag tag, Value value) {
    if (value == null) {
      throw refuse(tag, "no value given");
    }
    ObjectNode command = JSON.createObjectNode();
    command.put("tag", tag.name());
    DataType type = tag.tag().type();
    switch (type.kind()) {
      case BOOLEAN -> {
        if (!(value instanceof Value.Bool b)) {
          throw kind(tag, value);
        }
        command.put("value", b.value());
      }
      case STRING -> {
        if (!(value instanceof Value.Text t)) {
          throw kind(tag, value);
        }
        command.put("value", t.value());
      }
      case LONG -> command.put("value", integer(tag, numeric(tag, value)));
      case DOUBLE -> command.put("value", floating(tag, numeric(tag, value)));
    }
    try {
      return JSON.writeValueAsBytes(command);
    } catch (JsonProcessingException e) {
      throw new WriteException("cannot write " + tag.name() + ": " + e.getOriginalMessage(), e);
    }
  }

  private static Value numeric(DeviceTag tag, Value value) {
    if (value.kind() != Value.Kind.LONG && value.kind() != Value.Kind.DOUBLE) {
      throw kind(tag, value);
    }
    return value;
  }

  private static double floating(DeviceTag tag, Value value) {
    double raw = tag.tag().scale().inverse(value.asDouble());
    if (!Double.isFinite(raw)) {
      throw refuse(tag, value + " cannot be sent: JSON has no NaN or infinity");
    }
    return raw;
  }

  private static long integer(DeviceTag tag, Value value) {
    Scale scale = tag.tag().scale();
    DataType type = tag.tag().type();
    long raw;
    if (scale.isIdentity() && value instanceof Value.Int64 i) {
      // Exact: a 64-bit integer would lose precision on a trip through double.
      raw = i.value();
    } else {
      double d = scale.inverse(value.asDouble());
      // 2^63 is exactly representable; anything at or beyond it does not fit a long.
      if (!Double.isFinite(d) || d >= 0x1p63 || d < -0x1p63) {
        throw refuse(tag, value + " is out of range for " + type.configName());
      }
      raw = Math.round(d);
    }
    long min = DeviceValues.min(type);
    long max = DeviceValues.max(type);
    if (raw < min || raw > max) {
      throw refuse(
          tag,
          value
              + (scale.isIdentity() ? "" : " (raw " + raw + ")")
              + " is out of range for "
              + type.configName()
              + " ("
              + min
              + " to "
              + max
              + ")");
    }
    return raw;
  }

  private static WriteException kind(DeviceTag tag, Value value) {
    return refuse(
        tag,
        "a "
            + value.kind().name().toLowerCase(Locale.ROOT)
            + " value does not fit a "
            + tag.tag().type().configName()
            + " tag");
  }

  static WriteException refuse(DeviceTag tag, String reason) {
    return new WriteException("cannot write " + tag.name() + ": " + reason);
  }
}
