package io.millwright.simulator.file;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A small coordinate measuring machine for tests: a cycle counter, a result, and job fields. */
final class InspectionMachine implements ServedMachine {

  static final long MAX_TARGET = 10_000;

  private final List<TagSpec> tags =
      List.of(
          new TagSpec("counts/cycles", DataType.UINT32, "", false),
          new TagSpec("result/pass", DataType.BOOL, "", false),
          new TagSpec("bore/deviation", DataType.FLOAT64, "mm", false),
          new TagSpec("part/id", DataType.STRING, "", false),
          new TagSpec("job/order", DataType.STRING, "", true),
          new TagSpec("job/product", DataType.STRING, "", true),
          new TagSpec("job/target", DataType.UINT32, "", true));
  private final Map<String, Value> values = new ConcurrentHashMap<>();

  InspectionMachine() {
    values.put("counts/cycles", Value.of(0L));
    values.put("result/pass", Value.of(false));
    values.put("bore/deviation", Value.of(0.0));
    values.put("part/id", Value.of(""));
    values.put("job/order", Value.of(""));
    values.put("job/product", Value.of(""));
    values.put("job/target", Value.of(0L));
  }

  /** One part measured, as the plant model would report it. */
  void measured(long cycle, boolean pass, double deviation, String part) {
    values.put("result/pass", Value.of(pass));
    values.put("bore/deviation", Value.of(deviation));
    values.put("part/id", Value.of(part));
    values.put("counts/cycles", Value.of(cycle));
  }

  @Override
  public String id() {
    return "cmm-01";
  }

  @Override
  public String name() {
    return "Coordinate measuring machine";
  }

  @Override
  public String area() {
    return "quality";
  }

  @Override
  public String line() {
    return "lab";
  }

  @Override
  public Protocol protocol() {
    return Protocol.FILE;
  }

  @Override
  public List<TagSpec> tags() {
    return tags;
  }

  @Override
  public Value read(String tag) {
    Value v = values.get(tag);
    if (v == null) {
      throw new IllegalArgumentException("cmm-01 has no tag " + tag);
    }
    return v;
  }

  @Override
  public void write(String tag, Value value) {
    TagSpec spec =
        tags.stream()
            .filter(t -> t.name().equals(tag))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("cmm-01 has no tag " + tag));
    if (!spec.writable()) {
      throw new IllegalArgumentException(tag + " is read-only");
    }
    if (value.kind() == Value.Kind.LONG && value.asDouble() > MAX_TARGET) {
      throw new IllegalArgumentException(tag + " = " + value + " is out of range");
    }
    values.put(tag, value);
  }

  volatile boolean linkUp = true;

  @Override
  public boolean linkUp() {
    return linkUp;
  }
}
