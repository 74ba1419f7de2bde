package io.millwright.connect.modbus;

import io.millwright.connect.modbus.ModbusOptions.Order;
import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns 16-bit registers into raw values and back, honouring the machine's word and byte order.
 * Word order applies to numbers spanning several registers; strings are always read register by
 * register in address order (two characters each), with only the byte order applied, because that
 * is how PLCs lay out character arrays.
 */
final class RegisterCodec {

  private final Order wordOrder;
  private final Order byteOrder;

  RegisterCodec(Order wordOrder, Order byteOrder) {
    this.wordOrder = wordOrder;
    this.byteOrder = byteOrder;
  }

  /**
   * The raw value of a register tag (before scaling).
   *
   * @param registers unsigned 16-bit values as read
   * @param offset index of the tag's first register in {@code registers}
   */
  Value decode(DataType type, int[] registers, int offset, int count) {
    ByteBuffer bytes = ByteBuffer.wrap(toBytes(type, registers, offset, count));
    return switch (type) {
      case INT16 -> Value.of((long) bytes.getShort());
      case UINT16 -> Value.of((long) (bytes.getShort() & 0xFFFF));
      case INT32 -> Value.of((long) bytes.getInt());
      case UINT32 -> Value.of(bytes.getInt() & 0xFFFF_FFFFL);
      case INT64 -> Value.of(bytes.getLong());
      case FLOAT32 -> Value.of((double) bytes.getFloat());
      case FLOAT64 -> Value.of(bytes.getDouble());
      case STRING -> Value.of(text(bytes.array()));
      case BOOL -> throw new IllegalArgumentException("bool is not held in registers");
    };
  }

  /** Registers for a raw integer of an integer type; the caller has checked the range. */
  int[] encodeInteger(DataType type, long raw) {
    ByteBuffer b = ByteBuffer.allocate(type.bits() / 8);
    switch (type) {
      case INT16, UINT16 -> b.putShort((short) raw);
      case INT32, UINT32 -> b.putInt((int) raw);
      case INT64 -> b.putLong(raw);
      default -> throw new IllegalArgumentException(type.configName() + " is not an integer type");
    }
    return fromBytes(type, b.array());
  }

  int[] encodeFloat(DataType type, double raw) {
    ByteBuffer b = ByteBuffer.allocate(type.bits() / 8);
    switch (type) {
      case FLOAT32 -> b.putFloat((float) raw);
      case FLOAT64 -> b.putDouble(raw);
      default -> throw new IllegalArgumentException(type.configName() + " is not a float type");
    }
    return fromBytes(type, b.array());
  }

  /** A string of ASCII characters padded with NULs to {@code count} registers. */
  int[] encodeString(String text, int count) {
    byte[] b = new byte[count * 2];
    byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chars, 0, b, 0, chars.length);
    return fromBytes(DataType.STRING, b);
  }

  private byte[] toBytes(DataType type, int[] registers, int offset, int count) {
    byte[] b = new byte[count * 2];
    for (int i = 0; i < count; i++) {
      int register = registers[offset + registerIndex(type, i, count)];
      put(b, i, register);
    }
    return b;
  }

  private int[] fromBytes(DataType type, byte[] b) {
    int count = b.length / 2;
    int[] registers = new int[count];
    for (int i = 0; i < count; i++) {
      int hi = b[2 * i] & 0xFF;
      int lo = b[2 * i + 1] & 0xFF;
      int register = byteOrder == Order.BIG ? hi << 8 | lo : lo << 8 | hi;
      registers[registerIndex(type, i, count)] = register;
    }
    return registers;
  }

  /** Which register holds the i-th most significant word of the value. */
  private int registerIndex(DataType type, int i, int count) {
    return wordOrder == Order.BIG || type == DataType.STRING ? i : count - 1 - i;
  }

  private void put(byte[] b, int i, int register) {
    byte hi = (byte) (register >>> 8);
    byte lo = (byte) register;
    b[2 * i] = byteOrder == Order.BIG ? hi : lo;
    b[2 * i + 1] = byteOrder == Order.BIG ? lo : hi;
  }

  /** NUL padding at the end is trimmed; a NUL inside ends the string, as in C. */
  private static String text(byte[] b) {
    int length = 0;
    while (length < b.length && b[length] != 0) {
      length++;
    }
    return new String(b, 0, length, StandardCharsets.US_ASCII);
  }
}
