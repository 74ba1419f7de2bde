package io.millwright.connect.s7;

import org.apache.plc4x.java.s7.readwrite.MemoryArea;

/** Memory area names as Siemens writes them, and PLC4X addresses of a byte range in them. */
final class Areas {

  private Areas() {}

  static String name(MemoryArea area, int dataBlock) {
    return switch (area) {
      case DATA_BLOCKS -> "DB" + dataBlock;
      case FLAGS_MARKERS -> "M";
      case INPUTS -> "I";
      case OUTPUTS -> "Q";
      default -> area.name();
    };
  }

  /** {@code %DB1:100:BYTE[40]}: a range read as bytes, decoded here (see {@link S7Codec}). */
  static String byteRange(MemoryArea area, int dataBlock, int start, int length) {
    String prefix =
        switch (area) {
          case DATA_BLOCKS -> "%DB" + dataBlock + ":" + start;
          case FLAGS_MARKERS -> "%M" + start;
          case INPUTS -> "%I" + start;
          case OUTPUTS -> "%Q" + start;
          default -> throw new IllegalArgumentException("no byte ranges in " + area);
        };
    return prefix + ":BYTE[" + length + "]";
  }
}
