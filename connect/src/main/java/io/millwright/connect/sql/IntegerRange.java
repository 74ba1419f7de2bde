package io.millwright.connect.sql;

import io.millwright.core.machine.DataType;

/** The values an integer tag type holds, for reading and for writing alike. */
record IntegerRange(long min, long max) {

  static IntegerRange of(DataType type) {
    return switch (type) {
      case INT16 -> new IntegerRange(Short.MIN_VALUE, Short.MAX_VALUE);
      case UINT16 -> new IntegerRange(0, 0xFFFF);
      case INT32 -> new IntegerRange(Integer.MIN_VALUE, Integer.MAX_VALUE);
      case UINT32 -> new IntegerRange(0, 0xFFFF_FFFFL);
      default -> new IntegerRange(Long.MIN_VALUE, Long.MAX_VALUE);
    };
  }

  boolean contains(long value) {
    return value >= min && value <= max;
  }

  @Override
  public String toString() {
    return min + " to " + max;
  }
}
