package io.millwright.simulator.modbus;

import io.millwright.core.machine.DataType;
import io.millwright.simulator.TagSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The register map of one slave, laid out from the machine's tag order: read-only booleans are
 * discrete inputs, writable booleans coils; read-only numbers and strings input registers, writable
 * ones holding registers. Each table is packed from offset 0 with no gaps, so a tag keeps its
 * address as long as the tags before it in the same table do not change.
 */
public final class RegisterLayout {

  /** Registers of a string tag: 16 ASCII bytes, NUL-padded. */
  public static final int STRING_REGISTERS = 8;

  private final List<RegisterSlot> slots;
  private final Map<RegisterTable, RegisterSlot[]> byAddress = new EnumMap<>(RegisterTable.class);

  private RegisterLayout(List<RegisterSlot> slots) {
    this.slots = List.copyOf(slots);
    Map<RegisterTable, Integer> sizes = new EnumMap<>(RegisterTable.class);
    for (RegisterSlot slot : slots) {
      sizes.merge(slot.table(), slot.end(), Math::max);
    }
    for (RegisterTable table : RegisterTable.values()) {
      RegisterSlot[] index = new RegisterSlot[sizes.getOrDefault(table, 0)];
      for (RegisterSlot slot : slots) {
        if (slot.table() == table) {
          for (int a = slot.offset(); a < slot.end(); a++) {
            index[a] = slot;
          }
        }
      }
      byAddress.put(table, index);
    }
  }

  /** Lays out the tags in their order. */
  public static RegisterLayout of(List<TagSpec> tags) {
    Map<RegisterTable, Integer> next = new EnumMap<>(RegisterTable.class);
    List<RegisterSlot> slots = new ArrayList<>(tags.size());
    for (TagSpec tag : tags) {
      RegisterTable table = tableOf(tag);
      int width = width(tag.type());
      int offset = next.getOrDefault(table, 0);
      if (offset + width > 0x10000) {
        throw new IllegalArgumentException(
            "tag "
                + tag.name()
                + " does not fit in the 65536 addresses of the "
                + table
                + " table");
      }
      next.put(table, offset + width);
      slots.add(new RegisterSlot(tag, table, offset, width));
    }
    return new RegisterLayout(slots);
  }

  static RegisterTable tableOf(TagSpec tag) {
    if (tag.type() == DataType.BOOL) {
      return tag.writable() ? RegisterTable.COIL : RegisterTable.DISCRETE_INPUT;
    }
    return tag.writable() ? RegisterTable.HOLDING_REGISTER : RegisterTable.INPUT_REGISTER;
  }

  /** Registers (or bits, for booleans) a value of this type occupies. */
  public static int width(DataType type) {
    return switch (type) {
      case BOOL, INT16, UINT16 -> 1;
      case INT32, UINT32, FLOAT32 -> 2;
      case INT64, FLOAT64 -> 4;
      case STRING -> STRING_REGISTERS;
    };
  }

  /** Every tag's slot, in tag order. */
  public List<RegisterSlot> slots() {
    return slots;
  }

  /** The slot of a tag by name. */
  public Optional<RegisterSlot> slot(String tagName) {
    return slots.stream().filter(s -> s.tag().name().equals(tagName)).findFirst();
  }

  /** The slot covering an address, or null for an address no tag uses. */
  RegisterSlot at(RegisterTable table, int address) {
    RegisterSlot[] index = byAddress.get(table);
    return address >= 0 && address < index.length ? index[address] : null;
  }

  /** The number of addresses used in a table. */
  public int size(RegisterTable table) {
    return byAddress.get(table).length;
  }
}
