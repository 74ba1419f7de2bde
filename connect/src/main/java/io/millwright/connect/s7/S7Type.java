package io.millwright.connect.s7;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import java.util.EnumSet;
import java.util.Set;

/**
 * The S7 data types a tag may name in its address, with their size in the PLC's memory and the tag
 * types they can be read as. Arrays are not among them: one tag reads one variable.
 */
enum S7Type {
  BOOL(0, Family.BIT),
  BYTE(1, Family.UNSIGNED),
  USINT(1, Family.UNSIGNED),
  SINT(1, Family.SIGNED),
  CHAR(1, Family.TEXT),
  WORD(2, Family.UNSIGNED),
  UINT(2, Family.UNSIGNED),
  INT(2, Family.SIGNED),
  DWORD(4, Family.UNSIGNED),
  UDINT(4, Family.UNSIGNED),
  DINT(4, Family.SIGNED),
  LWORD(8, Family.UNSIGNED),
  ULINT(8, Family.UNSIGNED),
  LINT(8, Family.SIGNED),
  REAL(4, Family.FLOAT),
  LREAL(8, Family.FLOAT),
  /** Milliseconds, signed. */
  TIME(4, Family.SIGNED),
  /** Days since 1990-01-01. */
  DATE(2, Family.UNSIGNED),
  /** Milliseconds since midnight. */
  TIME_OF_DAY(4, Family.UNSIGNED),
  /** BCD year..millisecond and weekday, the PLC's local time; read as ISO-8601 text. */
  DATE_AND_TIME(8, Family.TEXT),
  /** Maximum length byte, current length byte, then the characters; the size is per tag. */
  STRING(0, Family.TEXT);

  enum Family {
    BIT,
    UNSIGNED,
    SIGNED,
    FLOAT,
    TEXT
  }

  private static final Set<DataType> NUMERIC =
      EnumSet.of(
          DataType.INT16,
          DataType.UINT16,
          DataType.INT32,
          DataType.UINT32,
          DataType.INT64,
          DataType.FLOAT32,
          DataType.FLOAT64);

  private final int size;
  private final Family family;

  S7Type(int size, Family family) {
    this.size = size;
    this.family = family;
  }

  /** Bytes in memory; 0 for BOOL (one bit) and STRING (per tag). */
  int size() {
    return size;
  }

  Family family() {
    return family;
  }

  /** Whether a tag of this type can hold the variable without losing its meaning. */
  boolean readableAs(DataType type) {
    return switch (family) {
      case BIT -> type == DataType.BOOL;
      case UNSIGNED, SIGNED -> NUMERIC.contains(type);
      case FLOAT -> type == DataType.FLOAT32 || type == DataType.FLOAT64;
      case TEXT -> type == DataType.STRING;
    };
  }

  /** The tag types that {@link #readableAs} accepts, for the error message. */
  String readableTypes() {
    return switch (family) {
      case BIT -> "bool";
      case UNSIGNED, SIGNED -> "int16, uint16, int32, uint32, int64, float32 or float64";
      case FLOAT -> "float32 or float64";
      case TEXT -> "string";
    };
  }

  /** The smallest and largest value a write may carry, for integer types. */
  long min() {
    return switch (this) {
      case SINT -> Byte.MIN_VALUE;
      case INT -> Short.MIN_VALUE;
      case DINT, TIME -> Integer.MIN_VALUE;
      case LINT -> Long.MIN_VALUE;
      default -> 0;
    };
  }

  long max() {
    return switch (this) {
      case BYTE, USINT -> 0xff;
      case SINT -> Byte.MAX_VALUE;
      case WORD, UINT, DATE -> 0xffff;
      case INT -> Short.MAX_VALUE;
      case DWORD, UDINT -> 0xffff_ffffL;
      case TIME_OF_DAY -> 86_399_999;
      case DINT, TIME -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }

  /** A value of the tag's kind, from an integer or a floating-point number the PLC held. */
  static Value number(DataType type, long value) {
    return type.kind() == Value.Kind.DOUBLE ? Value.of((double) value) : Value.of(value);
  }
}
