package io.millwright.simulator.s7;

import static io.millwright.simulator.FixtureMachine.setpoint;
import static io.millwright.simulator.FixtureMachine.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.plc4x.java.s7.readwrite.DataTransportErrorCode;
import org.apache.plc4x.java.s7.readwrite.DataTransportSize;
import org.apache.plc4x.java.s7.readwrite.MemoryArea;
import org.apache.plc4x.java.s7.readwrite.S7AddressAny;
import org.apache.plc4x.java.s7.readwrite.S7VarPayloadDataItem;
import org.apache.plc4x.java.s7.readwrite.TransportSize;
import org.junit.jupiter.api.Test;

/** Items at the level of the S7 model: the return codes as they go on the wire. */
class PlcMemoryTest {

  private final FixtureMachine machine = new FixtureMachine("m", Protocol.S7);
  private final DataBlockLayout layout = DataBlockLayout.of(machine.tags());
  private final S7Counters counters = new S7Counters();
  private final PlcMemory memory = new PlcMemory(machine, layout, counters);

  private S7Slot slot(String tag) {
    return layout.slots().stream()
        .filter(s -> s.tag().name().equals(tag))
        .findFirst()
        .orElseThrow();
  }

  private static S7AddressAny db(int db, TransportSize size, int count, int byteAddress, int bit) {
    return new S7AddressAny(size, count, db, MemoryArea.DATA_BLOCKS, byteAddress, (byte) bit);
  }

  private S7VarPayloadDataItem read(S7AddressAny address) {
    return memory.read(address, memory.snapshot());
  }

  @Test
  void readsTheBytesOfDb1() {
    S7VarPayloadDataItem item =
        read(db(1, TransportSize.INT, 1, slot(value(DataType.INT16)).byteOffset(), 0));

    assertThat(item.getReturnCode()).isEqualTo(DataTransportErrorCode.OK);
    assertThat(item.getTransportSize()).isEqualTo(DataTransportSize.INTEGER);
    assertThat(HexFormat.of().formatHex(item.getData())).isEqualTo("fb2e");
  }

  @Test
  void readsABitAsTheBitTransportSize() {
    S7Slot bool = slot(value(DataType.BOOL));
    S7VarPayloadDataItem item = read(db(1, TransportSize.BOOL, 1, bool.byteOffset(), bool.bit()));

    assertThat(item.getTransportSize()).isEqualTo(DataTransportSize.BIT);
    assertThat(item.getData()).containsExactly(1);
  }

  @Test
  void answersTheErrorsOfARealCpu() {
    assertThat(read(db(9, TransportSize.BYTE, 1, 0, 0)).getReturnCode())
        .isEqualTo(DataTransportErrorCode.NOT_FOUND);
    assertThat(read(db(1, TransportSize.BYTE, 2, layout.size() - 1, 0)).getReturnCode())
        .isEqualTo(DataTransportErrorCode.INVALID_ADDRESS);
    assertThat(read(db(1, TransportSize.BOOL, 2, 0, 0)).getReturnCode())
        .isEqualTo(DataTransportErrorCode.INVALID_ADDRESS);
    assertThat(read(db(1, TransportSize.WORD, 1, 0, 3)).getReturnCode())
        .isEqualTo(DataTransportErrorCode.INVALID_ADDRESS);
    S7AddressAny timers =
        new S7AddressAny(TransportSize.BYTE, 1, 0, MemoryArea.TIMERS, 0, (byte) 0);
    assertThat(read(timers).getReturnCode()).isEqualTo(DataTransportErrorCode.INVALID_ADDRESS);
    S7VarPayloadDataItem failed = read(db(9, TransportSize.BYTE, 1, 0, 0));
    assertThat(failed.getTransportSize()).isEqualTo(DataTransportSize.NULL);
    assertThat(failed.getData()).isEmpty();
  }

  @Test
  void markersReadAsZerosUpToTheirEnd() {
    S7AddressAny last =
        new S7AddressAny(
            TransportSize.WORD,
            1,
            0,
            MemoryArea.FLAGS_MARKERS,
            PlcMemory.MARKER_BYTES - 2,
            (byte) 0);
    S7AddressAny beyond =
        new S7AddressAny(
            TransportSize.WORD, 1, 0, MemoryArea.FLAGS_MARKERS, PlcMemory.MARKER_BYTES, (byte) 0);

    assertThat(read(last).getData()).containsExactly(0, 0);
    assertThat(read(beyond).getReturnCode()).isEqualTo(DataTransportErrorCode.INVALID_ADDRESS);
  }

  @Test
  void aWriteDecodesTheTagsItCovers() {
    S7Slot real = slot(setpoint(DataType.FLOAT32));
    byte[] bytes = ByteBuffer.allocate(4).putFloat(-3.25f).array();

    DataTransportErrorCode code =
        memory.write(db(1, TransportSize.REAL, 1, real.byteOffset(), 0), bytes);

    assertThat(code).isEqualTo(DataTransportErrorCode.OK);
    assertThat(machine.read(setpoint(DataType.FLOAT32))).isEqualTo(Value.of(-3.25));
  }

  @Test
  void aBitWriteChangesOnlyItsTag() {
    S7Slot bool = slot(setpoint(DataType.BOOL));

    DataTransportErrorCode code =
        memory.write(db(1, TransportSize.BOOL, 1, bool.byteOffset(), bool.bit()), new byte[] {0});

    assertThat(code).isEqualTo(DataTransportErrorCode.OK);
    assertThat(machine.read(setpoint(DataType.BOOL))).isEqualTo(Value.of(false));
    assertThat(machine.read(value(DataType.BOOL))).isEqualTo(Value.of(true));
  }

  @Test
  void refusedWritesAnswerWithTheCodesOfARealCpu() {
    S7Slot readOnly = slot(value(DataType.INT16));
    S7Slot setpoint = slot(setpoint(DataType.INT16));
    S7AddressAny wholeBoolByte = db(1, TransportSize.BYTE, 1, 0, 0);
    S7AddressAny marker =
        new S7AddressAny(TransportSize.BYTE, 1, 0, MemoryArea.FLAGS_MARKERS, 0, (byte) 0);

    assertThat(memory.write(db(1, TransportSize.INT, 1, readOnly.byteOffset(), 0), new byte[2]))
        .isEqualTo(DataTransportErrorCode.ACCESS_DENIED);
    // The byte holds a read-only BOOL beside the writable one.
    assertThat(memory.write(wholeBoolByte, new byte[] {0}))
        .isEqualTo(DataTransportErrorCode.ACCESS_DENIED);
    assertThat(memory.write(marker, new byte[] {1}))
        .isEqualTo(DataTransportErrorCode.ACCESS_DENIED);
    assertThat(memory.write(db(2, TransportSize.BYTE, 1, 0, 0), new byte[] {1}))
        .isEqualTo(DataTransportErrorCode.NOT_FOUND);
    // 0x7FFF is above the fixture's maximum setpoint.
    assertThat(
            memory.write(
                db(1, TransportSize.INT, 1, setpoint.byteOffset(), 0), new byte[] {0x7F, -1}))
        .isEqualTo(DataTransportErrorCode.DATA_TYPE_NOT_SUPPORTED);
    // Three bytes for a two-byte INT.
    assertThat(memory.write(db(1, TransportSize.INT, 1, setpoint.byteOffset(), 0), new byte[3]))
        .isEqualTo(DataTransportErrorCode.DATA_TYPE_NOT_SUPPORTED);

    assertThat(counters.refusedWrites()).isEqualTo(6);
    assertThat(machine.read(value(DataType.INT16))).isEqualTo(Value.of(-1234L));
    assertThat(machine.read(setpoint(DataType.INT16))).isEqualTo(Value.of(-1234L));
    assertThat(machine.read(setpoint(DataType.BOOL))).isEqualTo(Value.of(true));
  }
}
