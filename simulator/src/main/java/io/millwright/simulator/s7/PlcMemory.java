package io.millwright.simulator.s7;

import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import java.util.List;
import org.apache.plc4x.java.s7.readwrite.DataTransportErrorCode;
import org.apache.plc4x.java.s7.readwrite.DataTransportSize;
import org.apache.plc4x.java.s7.readwrite.MemoryArea;
import org.apache.plc4x.java.s7.readwrite.S7AddressAny;
import org.apache.plc4x.java.s7.readwrite.S7VarPayloadDataItem;
import org.apache.plc4x.java.s7.readwrite.TransportSize;

/**
 * The memory a client addresses, as a PLC running the machine would have it: DB1 holds the
 * machine's tags; the inputs, outputs and markers exist (a connector may probe them) but the
 * simulated machines use none, so they read as zeros and refuse writes. Other data blocks do not
 * exist, and other areas (timers, counters, peripherals) are not addressable.
 *
 * <p>Items answer with the return codes a real CPU gives: {@code NOT_FOUND} (object does not exist)
 * for a missing block, {@code INVALID_ADDRESS} beyond an area's end, {@code ACCESS_DENIED} for a
 * write to something read-only.
 */
final class PlcMemory {

  /** Bytes of the process images of inputs and outputs. */
  static final int IO_BYTES = 1024;

  /** Bytes of the marker area. */
  static final int MARKER_BYTES = 4096;

  private final ServedMachine machine;
  private final DataBlockLayout layout;
  private final S7Counters counters;

  PlcMemory(ServedMachine machine, DataBlockLayout layout, S7Counters counters) {
    this.machine = machine;
    this.layout = layout;
    this.counters = counters;
  }

  /**
   * DB1 filled with the machine's current values. A read request is answered from one snapshot so
   * that its items are consistent with each other.
   */
  byte[] snapshot() {
    byte[] block = new byte[layout.size()];
    for (S7Slot slot : layout.slots()) {
      S7ValueCodec.encode(slot, machine.read(slot.tag().name()), block);
    }
    return block;
  }

  /** One read item, answered from a snapshot of DB1. */
  S7VarPayloadDataItem read(S7AddressAny address, byte[] block) {
    int areaSize;
    if (address.getArea() == MemoryArea.DATA_BLOCKS) {
      if (address.getDbNumber() != DataBlockLayout.DB_NUMBER) {
        return failed(DataTransportErrorCode.NOT_FOUND);
      }
      areaSize = block.length;
    } else {
      areaSize = zeroAreaSize(address.getArea());
    }
    Extent extent = Extent.of(address);
    if (extent == null || extent.endByte() > areaSize) {
      return failed(DataTransportErrorCode.INVALID_ADDRESS);
    }
    boolean db = address.getArea() == MemoryArea.DATA_BLOCKS;
    if (address.getTransportSize() == TransportSize.BOOL) {
      int bit = db ? (block[address.getByteAddress()] >> address.getBitAddress()) & 1 : 0;
      return new S7VarPayloadDataItem(
          DataTransportErrorCode.OK, DataTransportSize.BIT, new byte[] {(byte) bit});
    }
    byte[] data = new byte[extent.endByte() - address.getByteAddress()];
    if (db) {
      System.arraycopy(block, address.getByteAddress(), data, 0, data.length);
    }
    DataTransportSize size = address.getTransportSize().getDataTransportSize();
    return new S7VarPayloadDataItem(
        DataTransportErrorCode.OK, size == null ? DataTransportSize.BYTE_WORD_DWORD : size, data);
  }

  /**
   * One write item: the tags whose bits it covers get the values decoded from DB1 with the written
   * bytes laid over it, each through {@link ServedMachine#write}. Nothing is written when one of
   * them is read-only; a value the machine refuses stops at that tag.
   */
  DataTransportErrorCode write(S7AddressAny address, byte[] data) {
    if (address.getArea() != MemoryArea.DATA_BLOCKS) {
      boolean exists = zeroAreaSize(address.getArea()) > 0;
      return refused(
          exists ? DataTransportErrorCode.ACCESS_DENIED : DataTransportErrorCode.INVALID_ADDRESS);
    }
    if (address.getDbNumber() != DataBlockLayout.DB_NUMBER) {
      return refused(DataTransportErrorCode.NOT_FOUND);
    }
    Extent extent = Extent.of(address);
    if (extent == null || extent.endByte() > layout.size()) {
      return refused(DataTransportErrorCode.INVALID_ADDRESS);
    }
    boolean bit = address.getTransportSize() == TransportSize.BOOL;
    int expected = bit ? 1 : extent.endByte() - address.getByteAddress();
    if (data.length != expected) {
      return refused(DataTransportErrorCode.DATA_TYPE_NOT_SUPPORTED);
    }
    byte[] block = snapshot();
    int startBit = address.getByteAddress() * 8 + (bit ? address.getBitAddress() : 0);
    if (bit) {
      int mask = 1 << address.getBitAddress();
      int at = address.getByteAddress();
      block[at] = (byte) ((data[0] & 1) != 0 ? block[at] | mask : block[at] & ~mask);
    } else {
      System.arraycopy(data, 0, block, address.getByteAddress(), data.length);
    }
    List<S7Slot> touched = layout.overlapping(startBit, bit ? startBit + 1 : extent.endByte() * 8);
    if (touched.stream().anyMatch(s -> !s.tag().writable())) {
      return refused(DataTransportErrorCode.ACCESS_DENIED);
    }
    for (S7Slot slot : touched) {
      Value value = S7ValueCodec.decode(slot, block);
      try {
        machine.write(slot.tag().name(), value);
      } catch (IllegalArgumentException e) {
        return refused(DataTransportErrorCode.DATA_TYPE_NOT_SUPPORTED);
      }
    }
    return DataTransportErrorCode.OK;
  }

  private DataTransportErrorCode refused(DataTransportErrorCode code) {
    counters.refusedWrite();
    return code;
  }

  /** The size of an area that reads as zeros, 0 for an area that is not addressable. */
  private static int zeroAreaSize(MemoryArea area) {
    return switch (area) {
      case INPUTS, OUTPUTS -> IO_BYTES;
      case FLAGS_MARKERS -> MARKER_BYTES;
      default -> 0;
    };
  }

  private static S7VarPayloadDataItem failed(DataTransportErrorCode code) {
    return new S7VarPayloadDataItem(code, DataTransportSize.NULL, new byte[0]);
  }

  /** The bytes an item covers: one bit's byte, or its elements' bytes from a whole byte. */
  private record Extent(int endByte) {

    /** Null for what a CPU does not accept: several bits in one item, or a word at a bit. */
    static Extent of(S7AddressAny address) {
      if (address.getTransportSize() == TransportSize.BOOL) {
        return address.getNumberOfElements() == 1 ? new Extent(address.getByteAddress() + 1) : null;
      }
      if (address.getBitAddress() != 0) {
        return null;
      }
      int bytes = address.getNumberOfElements() * address.getTransportSize().getSizeInBytes();
      return new Extent(address.getByteAddress() + bytes);
    }
  }
}
