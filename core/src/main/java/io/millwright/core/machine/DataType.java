package io.millwright.core.machine;

import io.millwright.core.sample.Value;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The data type of a tag as the machine holds it; every type maps onto one {@link Value.Kind}. */
public enum DataType {
  BOOL(Value.Kind.BOOLEAN, 1),
  INT16(Value.Kind.LONG, 16),
  UINT16(Value.Kind.LONG, 16),
  INT32(Value.Kind.LONG, 32),
  UINT32(Value.Kind.LONG, 32),
  INT64(Value.Kind.LONG, 64),
  FLOAT32(Value.Kind.DOUBLE, 32),
  FLOAT64(Value.Kind.DOUBLE, 64),
  STRING(Value.Kind.STRING, 0);

  private final Value.Kind kind;
  private final int bits;

  DataType(Value.Kind kind, int bits) {
    this.kind = kind;
    this.bits = bits;
  }

  public Value.Kind kind() {
    return kind;
  }

  /** Width in bits, 0 for strings (their length is per tag). */
  public int bits() {
    return bits;
  }

  public boolean isNumeric() {
    return kind == Value.Kind.LONG || kind == Value.Kind.DOUBLE;
  }

  /** The name used in machine definitions: {@code float32}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException listing the accepted names
   */
  public static DataType parse(String name) {
    for (DataType type : values()) {
      if (type.configName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown data type \"" + name + "\"; use one of " + names());
  }

  static String names() {
    return Arrays.stream(values()).map(DataType::configName).collect(Collectors.joining(", "));
  }
}
