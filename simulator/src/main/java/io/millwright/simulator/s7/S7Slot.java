package io.millwright.simulator.s7;

import io.millwright.core.machine.DataType;
import io.millwright.simulator.TagSpec;

/**
 * Where one tag lives in the machine's data block.
 *
 * @param tag the tag
 * @param byteOffset the first byte
 * @param bit the bit within that byte for a BOOL, 0 otherwise
 * @param length bytes the value occupies; 1 for a BOOL, which shares its byte with up to 7 others
 */
public record S7Slot(TagSpec tag, int byteOffset, int bit, int length) {

  /** The first bit of the value, counted from the start of the block. */
  int startBit() {
    return byteOffset * 8 + bit;
  }

  /** One past the last bit of the value: a BOOL covers one bit, anything else whole bytes. */
  int endBit() {
    return tag.type() == DataType.BOOL ? startBit() + 1 : (byteOffset + length) * 8;
  }

  /** The address in PLC4X syntax, {@code %DB1:12:REAL} or {@code %DB1:0.3:BOOL}. */
  public String address() {
    String offset = tag.type() == DataType.BOOL ? byteOffset + "." + bit : "" + byteOffset;
    return "%DB" + DataBlockLayout.DB_NUMBER + ":" + offset + ":" + s7Type(tag.type());
  }

  /**
   * The Siemens type holding a machine type. The unsigned types are UINT and UDINT rather than WORD
   * and DWORD: same bytes, but clients decode them as numbers instead of bit strings.
   */
  static String s7Type(DataType type) {
    return switch (type) {
      case BOOL -> "BOOL";
      case INT16 -> "INT";
      case UINT16 -> "UINT";
      case INT32 -> "DINT";
      case UINT32 -> "UDINT";
      case INT64 -> "LINT";
      case FLOAT32 -> "REAL";
      case FLOAT64 -> "LREAL";
      case STRING -> "STRING(" + DataBlockLayout.STRING_CHARS + ")";
    };
  }
}
