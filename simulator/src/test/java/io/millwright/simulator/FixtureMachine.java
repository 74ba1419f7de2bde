package io.millwright.simulator;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A served machine for tests: for every data type a read-only tag {@code <type>/value} and a
 * writable one {@code <type>/setpoint}, values with signs and high bits set so that word order
 * mistakes show, a switchable link, and writes refused above {@link #MAX_SETPOINT}.
 */
public final class FixtureMachine implements ServedMachine {

  public static final double MAX_SETPOINT = 10_000;

  /** Initial values, chosen so that every byte and word position matters. */
  public static final Map<DataType, Value> INITIAL =
      Map.of(
          DataType.BOOL, Value.of(true),
          DataType.INT16, Value.of(-1234L),
          DataType.UINT16, Value.of(65000L),
          DataType.INT32, Value.of(-123_456_789L),
          DataType.UINT32, Value.of(4_000_000_000L),
          DataType.INT64, Value.of(-1_234_567_890_123_456_789L),
          DataType.FLOAT32, Value.of(12.5),
          DataType.FLOAT64, Value.of(-1234.5678),
          DataType.STRING, Value.of("HUB-FLANGE-12"));

  private final String id;
  private final Protocol protocol;
  private final List<TagSpec> tags = new ArrayList<>();
  private final Map<String, Value> values = new ConcurrentHashMap<>();
  private final AtomicBoolean linkUp = new AtomicBoolean(true);

  public FixtureMachine(String id, Protocol protocol) {
    this.id = id;
    this.protocol = protocol;
    for (DataType type : DataType.values()) {
      String unit =
          switch (type) {
            case FLOAT32 -> "degC";
            case FLOAT64 -> "bar";
            case UINT32 -> "1";
            default -> "";
          };
      tags.add(new TagSpec(value(type), type, unit, false));
      tags.add(new TagSpec(setpoint(type), type, unit, true));
      values.put(value(type), INITIAL.get(type));
      values.put(setpoint(type), INITIAL.get(type));
    }
  }

  public static String value(DataType type) {
    return type.configName() + "/value";
  }

  public static String setpoint(DataType type) {
    return type.configName() + "/setpoint";
  }

  /** Changes a value as the plant model would. */
  public void set(String tag, Value value) {
    values.put(tag, value);
  }

  public void setLinkUp(boolean up) {
    linkUp.set(up);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return "Fixture " + id;
  }

  @Override
  public String area() {
    return "test-area";
  }

  @Override
  public String line() {
    return "test-line";
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public List<TagSpec> tags() {
    return tags;
  }

  @Override
  public Value read(String tag) {
    Value v = values.get(tag);
    if (v == null) {
      throw new IllegalArgumentException(id + " has no tag " + tag);
    }
    return v;
  }

  @Override
  public void write(String tag, Value value) {
    TagSpec spec =
        tags.stream()
            .filter(t -> t.name().equals(tag))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(id + " has no tag " + tag));
    if (!spec.writable()) {
      throw new IllegalArgumentException(tag + " is read-only");
    }
    if (value.kind() != spec.type().kind()) {
      throw new IllegalArgumentException(
          tag + " takes " + spec.type().kind() + ", not " + value.kind());
    }
    if (spec.type().isNumeric() && value.asDouble() > MAX_SETPOINT) {
      throw new IllegalArgumentException(
          tag + " = " + value + " is out of range (max " + MAX_SETPOINT + ")");
    }
    values.put(tag, value);
  }

  @Override
  public boolean linkUp() {
    return linkUp.get();
  }
}
