package io.millwright.connect.modbus;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.Tag;

/**
 * A tag of the definition placed in the Modbus address space: the table, the first bit or register,
 * and how many it spans.
 *
 * @param index the tag's position in the definition, for error fields and per-tag state
 * @param count bits (always 1) or registers the value spans
 */
record ModbusTag(int index, Tag tag, Table table, int start, int count) {

  String name() {
    return tag.name();
  }

  DataType type() {
    return tag.type();
  }

  int end() {
    return start + count;
  }

  /**
   * Checks that the tag's address, type and writability fit together.
   *
   * @throws DefinitionException naming {@code tags[i].address}, {@code tags[i].type} or {@code
   *     tags[i].writable}
   */
  static ModbusTag of(int index, Tag tag, ModbusOptions options) {
    String prefix = "tags[" + index + "]";
    ModbusAddress address;
    try {
      address = ModbusAddress.parse(tag.address());
    } catch (DefinitionException e) {
      throw e.within(prefix);
    }
    Table table = address.table();
    DataType type = tag.type();
    if (table.holdsBits() != (type == DataType.BOOL)) {
      throw new DefinitionException(
          prefix + ".type",
          table.holdsBits()
              ? type.configName()
                  + " does not fit a "
                  + table.prefix()
                  + ", which holds one bit;"
                  + " use bool"
              : "bool tags live in coils or discrete inputs (coil:N, discrete:N), not in "
                  + table.prefix()
                  + " registers");
    }
    if (type == DataType.STRING && address.length() == 0) {
      throw new DefinitionException(
          prefix + ".address",
          "a string needs its length in registers: write "
              + table.prefix()
              + ":"
              + address.offset()
              + ":L (2 characters per register)");
    }
    if (type != DataType.STRING && address.length() > 0) {
      throw new DefinitionException(
          prefix + ".address",
          "a length (\":" + address.length() + "\") applies only to string tags");
    }
    int count =
        table.holdsBits() ? 1 : type == DataType.STRING ? address.length() : type.bits() / 16;
    if (address.offset() + count - 1 > ModbusAddress.MAX_OFFSET) {
      throw new DefinitionException(
          prefix + ".address",
          type.configName()
              + " at "
              + address
              + " spans "
              + count
              + " registers and runs past register 65535");
    }
    if (!table.holdsBits() && count > options.maxRegisters()) {
      throw new DefinitionException(
          prefix + ".address",
          "spans "
              + count
              + " registers, more than one request may read (options.maxRegisters is "
              + options.maxRegisters()
              + ")");
    }
    if (tag.writable() && !table.writable()) {
      throw new DefinitionException(
          prefix + ".writable",
          table.prefix()
              + " is read-only in Modbus; only coil and holding addresses can be writable");
    }
    return new ModbusTag(index, tag, table, address.offset(), count);
  }
}
