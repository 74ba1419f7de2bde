package io.millwright.simulator.s7;

import io.millwright.core.sample.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Values to and from their bytes in a data block, big-endian as S7 stores them. An S7 STRING is a
 * byte with its capacity, a byte with its current length, then single-byte characters (Latin-1
 * here; a character it cannot hold becomes {@code ?}).
 */
final class S7ValueCodec {

  private S7ValueCodec() {}

  /** Writes the value into the slot's bytes (a BOOL: its bit) of the block. */
  static void encode(S7Slot slot, Value value, byte[] block) {
    ByteBuffer buffer = ByteBuffer.wrap(block);
    int at = slot.byteOffset();
    switch (slot.tag().type()) {
      case BOOL -> {
        int mask = 1 << slot.bit();
        block[at] = (byte) (value.asDouble() != 0 ? block[at] | mask : block[at] & ~mask);
      }
      case INT16, UINT16 -> buffer.putShort(at, (short) asLong(value));
      case INT32, UINT32 -> buffer.putInt(at, (int) asLong(value));
      case INT64 -> buffer.putLong(at, asLong(value));
      case FLOAT32 -> buffer.putFloat(at, (float) value.asDouble());
      case FLOAT64 -> buffer.putDouble(at, value.asDouble());
      case STRING -> {
        int capacity = slot.length() - 2;
        byte[] chars = value.toString().getBytes(StandardCharsets.ISO_8859_1);
        int length = Math.min(chars.length, capacity);
        block[at] = (byte) capacity;
        block[at + 1] = (byte) length;
        System.arraycopy(chars, 0, block, at + 2, length);
        Arrays.fill(block, at + 2 + length, at + slot.length(), (byte) 0);
      }
    }
  }

  /** The value held in the slot's bytes of the block. */
  static Value decode(S7Slot slot, byte[] block) {
    ByteBuffer buffer = ByteBuffer.wrap(block);
    int at = slot.byteOffset();
    return switch (slot.tag().type()) {
      case BOOL -> Value.of((block[at] & (1 << slot.bit())) != 0);
      case INT16 -> Value.of((long) buffer.getShort(at));
      case UINT16 -> Value.of((long) Short.toUnsignedInt(buffer.getShort(at)));
      case INT32 -> Value.of((long) buffer.getInt(at));
      case UINT32 -> Value.of(Integer.toUnsignedLong(buffer.getInt(at)));
      case INT64 -> Value.of(buffer.getLong(at));
      case FLOAT32 -> Value.of((double) buffer.getFloat(at));
      case FLOAT64 -> Value.of(buffer.getDouble(at));
      case STRING -> {
        // A client may write a current length beyond the capacity; the capacity wins.
        int length = Math.min(Byte.toUnsignedInt(block[at + 1]), slot.length() - 2);
        yield Value.of(new String(block, at + 2, length, StandardCharsets.ISO_8859_1));
      }
    };
  }

  /** Integers as they are; a machine that holds an integer tag as a double gets it rounded. */
  private static long asLong(Value value) {
    return value instanceof Value.Int64 i ? i.value() : Math.round(value.asDouble());
  }
}
