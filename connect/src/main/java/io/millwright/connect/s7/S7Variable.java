package io.millwright.connect.s7;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.Tag;
import org.apache.plc4x.java.api.exceptions.PlcInvalidTagException;
import org.apache.plc4x.java.api.model.PlcTag;
import org.apache.plc4x.java.s7.readwrite.MemoryArea;
import org.apache.plc4x.java.s7.readwrite.tag.S7PlcTagHandler;
import org.apache.plc4x.java.s7.readwrite.tag.S7StringFixedLengthTag;
import org.apache.plc4x.java.s7.readwrite.tag.S7StringVarLengthTag;
import org.apache.plc4x.java.s7.readwrite.tag.S7Tag;

/**
 * One tag's variable in the PLC: memory area, data block, byte and bit offset, S7 type. Addresses
 * use PLC4X's syntax, which is Siemens' with a type: {@code %DB1.DBD0:REAL}, {@code %DB1:4.0:BOOL},
 * {@code %DB2:10:STRING(40)}, {@code %M10.3:BOOL}, {@code %MW20:INT}, {@code %I0.0:BOOL}, {@code
 * %Q4:BYTE}.
 *
 * @param index the tag's position in the machine definition
 * @param dataBlock the data block number, 0 outside data blocks
 * @param bit the bit within the byte for BOOL, else 0
 * @param size bytes the variable occupies (1 for BOOL)
 */
record S7Variable(
    int index,
    Tag tag,
    MemoryArea area,
    int dataBlock,
    int offset,
    int bit,
    S7Type type,
    int size) {

  /** STRING without a length is the S7 default STRING[254]. */
  static final int DEFAULT_STRING_LENGTH = 254;

  private static final S7PlcTagHandler PARSER = new S7PlcTagHandler();

  /**
   * @throws DefinitionException on the field {@code address} or {@code type} of the tag
   */
  static S7Variable parse(int index, Tag tag) {
    PlcTag parsed;
    try {
      parsed = PARSER.parseTag(tag.address().strip());
    } catch (PlcInvalidTagException | IllegalArgumentException e) {
      throw invalid(tag, "is not an S7 address");
    }
    if (!(parsed instanceof S7Tag s7)) {
      throw invalid(tag, "is not a variable address");
    }
    if (s7.getNumberOfElements() != 1) {
      throw invalid(tag, "reads an array; define one tag per element");
    }
    MemoryArea area = s7.getMemoryArea();
    if (area != MemoryArea.DATA_BLOCKS
        && area != MemoryArea.FLAGS_MARKERS
        && area != MemoryArea.INPUTS
        && area != MemoryArea.OUTPUTS) {
      throw invalid(
          tag, "is in " + area + "; use a data block (DB), markers (M), inputs (I) or outputs (Q)");
    }
    S7Type type;
    try {
      type = S7Type.valueOf(s7.getDataType().name());
    } catch (IllegalArgumentException e) {
      throw invalid(tag, "has type " + s7.getDataType() + ", which this connector does not read");
    }
    int size = type.size();
    if (type == S7Type.STRING) {
      if (s7 instanceof S7StringVarLengthTag) {
        size = DEFAULT_STRING_LENGTH + 2;
      } else if (s7 instanceof S7StringFixedLengthTag fixed) {
        size = fixed.getStringLength() + 2;
      }
      if (size < 3 || size > DEFAULT_STRING_LENGTH + 2) {
        throw invalid(tag, "has a STRING length outside 1..254");
      }
    } else if (type == S7Type.BOOL) {
      size = 1;
    }
    if (type != S7Type.BOOL && s7.getBitOffset() != 0) {
      throw invalid(tag, "gives a bit offset to a " + type + "; only BOOL has one");
    }
    if (!type.readableAs(tag.type())) {
      throw new DefinitionException(
          "type",
          "is "
              + tag.type().configName()
              + ", but the address holds an S7 "
              + type
              + "; use "
              + type.readableTypes());
    }
    if (tag.writable()
        && (type == S7Type.DATE_AND_TIME
            || type == S7Type.TIME
            || type == S7Type.DATE
            || type == S7Type.TIME_OF_DAY)) {
      throw new DefinitionException("writable", type + " tags are read-only here");
    }
    int block = area == MemoryArea.DATA_BLOCKS ? s7.getBlockNumber() : 0;
    if (area == MemoryArea.DATA_BLOCKS && block < 1) {
      throw invalid(tag, "names data block 0; data blocks start at DB1");
    }
    return new S7Variable(
        index, tag, area, block, s7.getByteOffset(), s7.getBitOffset(), type, size);
  }

  private static DefinitionException invalid(Tag tag, String problem) {
    return new DefinitionException(
        "address",
        "\""
            + tag.address()
            + "\" "
            + problem
            + "; write e.g. %DB1.DBD0:REAL, %DB1:4.0:BOOL, %DB2:10:STRING(40), %M10.3:BOOL or %IW2:INT");
  }

  String name() {
    return tag.name();
  }

  DataType dataType() {
    return tag.type();
  }

  /** Where in the PLC, for messages: {@code DB1 byte 4}. */
  String where() {
    return Areas.name(area, dataBlock) + " byte " + offset + (type == S7Type.BOOL ? "." + bit : "");
  }
}
