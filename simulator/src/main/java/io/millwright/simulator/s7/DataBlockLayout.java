package io.millwright.simulator.s7;

import io.millwright.core.machine.DataType;
import io.millwright.simulator.TagSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's data block DB1, laid out from its tag order as a standard (non-optimised) Siemens
 * block is: consecutive BOOLs packed into the bits of a byte, every other value starting at an even
 * byte, the block's length even. A tag keeps its address as long as the tags before it do not
 * change.
 */
public final class DataBlockLayout {

  /** The number of the one data block per machine. */
  public static final int DB_NUMBER = 1;

  /** Characters of an S7 STRING tag; it occupies two length bytes more. */
  public static final int STRING_CHARS = 40;

  /** The S7 ANY pointer addresses bytes with 16 bits. */
  static final int MAX_BYTES = 0x10000;

  private final List<S7Slot> slots;
  private final int size;

  private DataBlockLayout(List<S7Slot> slots, int size) {
    this.slots = List.copyOf(slots);
    this.size = size;
  }

  /**
   * Lays out the tags in their order.
   *
   * @throws IllegalArgumentException when they do not fit in one data block
   */
  public static DataBlockLayout of(List<TagSpec> tags) {
    List<S7Slot> slots = new ArrayList<>(tags.size());
    int next = 0; // the first free byte
    int bits = 0; // bits used of the byte before next, while BOOLs are being packed
    for (TagSpec tag : tags) {
      if (tag.type() == DataType.BOOL) {
        if (bits == 0 || bits == 8) {
          next++;
          bits = 0;
        }
        slots.add(new S7Slot(tag, next - 1, bits++, 1));
      } else {
        bits = 0;
        next += next % 2;
        int length = length(tag.type());
        slots.add(new S7Slot(tag, next, 0, length));
        next += length;
      }
      if (next > MAX_BYTES) {
        throw new IllegalArgumentException(
            "tag " + tag.name() + " does not fit in the " + MAX_BYTES + " bytes of a data block");
      }
    }
    return new DataBlockLayout(slots, next + next % 2);
  }

  /** Bytes a value of this type occupies. */
  static int length(DataType type) {
    return switch (type) {
      case BOOL -> 1;
      case INT16, UINT16 -> 2;
      case INT32, UINT32, FLOAT32 -> 4;
      case INT64, FLOAT64 -> 8;
      case STRING -> STRING_CHARS + 2;
    };
  }

  /** Every tag's slot, in tag order. */
  public List<S7Slot> slots() {
    return slots;
  }

  /** The block's length in bytes. */
  public int size() {
    return size;
  }

  /** The slots with a bit in {@code [startBit, endBit)}. */
  List<S7Slot> overlapping(int startBit, int endBit) {
    return slots.stream().filter(s -> s.startBit() < endBit && startBit < s.endBit()).toList();
  }
}
