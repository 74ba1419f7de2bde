package io.millwright.simulator.modbus;

import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A slave's process image, read from and written to the machine model at request time: nothing is
 * copied on a timer. A read samples each tag it touches once, so the registers of one
 * multi-register value always belong together; a write decodes whole tags before handing them to
 * the model (a write covering only part of a tag merges with the tag's current registers).
 */
final class ModbusImage {

  /** Quantity limits per request, from the Modbus Application Protocol (section 6). */
  static final int MAX_READ_BITS = 2000;

  static final int MAX_READ_REGISTERS = 125;
  static final int MAX_WRITE_BITS = 1968;
  static final int MAX_WRITE_REGISTERS = 123;

  private final ServedMachine machine;
  private final RegisterLayout layout;

  ModbusImage(ServedMachine machine, RegisterLayout layout) {
    this.machine = machine;
    this.layout = layout;
  }

  boolean[] readBits(RegisterTable table, int offset, int count) throws ModbusRefusal {
    checkQuantity(count, MAX_READ_BITS);
    checkRange(table, offset, count);
    boolean[] bits = new boolean[count];
    for (int i = 0; i < count; i++) {
      Value value = read(layout.at(table, offset + i));
      if (!(value instanceof Value.Bool(boolean b))) {
        throw deviceFailure(layout.at(table, offset + i), "gave " + value.kind() + " for a bit");
      }
      bits[i] = b;
    }
    return bits;
  }

  int[] readRegisters(RegisterTable table, int offset, int count) throws ModbusRefusal {
    checkQuantity(count, MAX_READ_REGISTERS);
    checkRange(table, offset, count);
    int[] words = new int[count];
    int address = offset;
    while (address < offset + count) {
      RegisterSlot slot = layout.at(table, address);
      int[] tagWords = encode(slot, read(slot));
      for (int a = address; a < Math.min(slot.end(), offset + count); a++) {
        words[a - offset] = tagWords[a - slot.offset()];
      }
      address = slot.end();
    }
    return words;
  }

  void writeCoils(int offset, boolean[] bits) throws ModbusRefusal {
    checkQuantity(bits.length, MAX_WRITE_BITS);
    checkRange(RegisterTable.COIL, offset, bits.length);
    for (int i = 0; i < bits.length; i++) {
      write(layout.at(RegisterTable.COIL, offset + i), Value.of(bits[i]));
    }
  }

  void writeHoldingRegisters(int offset, int[] words) throws ModbusRefusal {
    checkQuantity(words.length, MAX_WRITE_REGISTERS);
    checkRange(RegisterTable.HOLDING_REGISTER, offset, words.length);
    // Decode every touched tag first, so a value that does not decode refuses the whole request.
    Map<RegisterSlot, Value> values = new LinkedHashMap<>();
    int address = offset;
    while (address < offset + words.length) {
      RegisterSlot slot = layout.at(RegisterTable.HOLDING_REGISTER, address);
      int[] tagWords =
          address == slot.offset() && slot.end() <= offset + words.length
              ? new int[slot.width()]
              : encode(slot, read(slot));
      for (int a = address; a < Math.min(slot.end(), offset + words.length); a++) {
        tagWords[a - slot.offset()] = words[a - offset];
      }
      try {
        values.put(slot, RegisterCodec.decode(slot.tag().type(), tagWords));
      } catch (IllegalArgumentException e) {
        throw new ModbusRefusal(
            ModbusRefusal.ILLEGAL_DATA_VALUE, slot.tag().name() + ": " + e.getMessage());
      }
      address = slot.end();
    }
    for (Map.Entry<RegisterSlot, Value> e : values.entrySet()) {
      write(e.getKey(), e.getValue());
    }
  }

  private static void checkQuantity(int count, int max) throws ModbusRefusal {
    if (count < 1 || count > max) {
      throw new ModbusRefusal(
          ModbusRefusal.ILLEGAL_DATA_VALUE, "quantity " + count + " is outside 1.." + max);
    }
  }

  private void checkRange(RegisterTable table, int offset, int count) throws ModbusRefusal {
    // Tables are packed without gaps, so checking the ends is enough.
    if (offset < 0 || offset + count > layout.size(table)) {
      throw new ModbusRefusal(
          ModbusRefusal.ILLEGAL_DATA_ADDRESS,
          table.prefix()
              + " "
              + offset
              + ".."
              + (offset + count - 1)
              + " is outside 0.."
              + (layout.size(table) - 1));
    }
  }

  private Value read(RegisterSlot slot) throws ModbusRefusal {
    try {
      return machine.read(slot.tag().name());
    } catch (RuntimeException e) {
      throw deviceFailure(slot, e.getMessage());
    }
  }

  private static int[] encode(RegisterSlot slot, Value value) throws ModbusRefusal {
    try {
      return RegisterCodec.encode(slot.tag().type(), value);
    } catch (IllegalArgumentException e) {
      throw deviceFailure(slot, e.getMessage());
    }
  }

  private void write(RegisterSlot slot, Value value) throws ModbusRefusal {
    try {
      machine.write(slot.tag().name(), value);
    } catch (IllegalArgumentException e) {
      throw new ModbusRefusal(
          ModbusRefusal.ILLEGAL_DATA_VALUE, slot.tag().name() + ": " + e.getMessage());
    }
  }

  private static ModbusRefusal deviceFailure(RegisterSlot slot, String reason) {
    return new ModbusRefusal(
        ModbusRefusal.SERVER_DEVICE_FAILURE, "model of " + slot.tag().name() + " " + reason);
  }
}
