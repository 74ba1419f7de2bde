package io.millwright.simulator.s7;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import io.millwright.simulator.TagSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class S7ValueCodecTest {

  private final DataBlockLayout layout =
      DataBlockLayout.of(new FixtureMachine("m", Protocol.S7).tags());

  private S7Slot slot(DataType type) {
    return layout.slots().stream()
        .filter(s -> s.tag().name().equals(FixtureMachine.value(type)))
        .findFirst()
        .orElseThrow();
  }

  private String hex(DataType type, Value value) {
    byte[] block = new byte[layout.size()];
    S7Slot slot = slot(type);
    S7ValueCodec.encode(slot, value, block);
    return HexFormat.of()
        .formatHex(Arrays.copyOfRange(block, slot.byteOffset(), slot.byteOffset() + slot.length()));
  }

  @Test
  void everyTypeRoundTrips() {
    byte[] block = new byte[layout.size()];
    for (DataType type : DataType.values()) {
      S7ValueCodec.encode(slot(type), FixtureMachine.INITIAL.get(type), block);
    }
    for (DataType type : DataType.values()) {
      assertThat(S7ValueCodec.decode(slot(type), block))
          .as(type.name())
          .isEqualTo(FixtureMachine.INITIAL.get(type));
    }
  }

  @Test
  void bytesAreBigEndianAsS7StoresThem() {
    assertThat(hex(DataType.INT16, Value.of(-1234L))).isEqualTo("fb2e");
    assertThat(hex(DataType.UINT16, Value.of(65000L))).isEqualTo("fde8");
    assertThat(hex(DataType.INT32, Value.of(-123_456_789L))).isEqualTo("f8a432eb");
    assertThat(hex(DataType.UINT32, Value.of(4_000_000_000L))).isEqualTo("ee6b2800");
    assertThat(hex(DataType.INT64, Value.of(1L))).isEqualTo("0000000000000001");
    assertThat(hex(DataType.FLOAT32, Value.of(12.5))).isEqualTo("41480000");
    assertThat(hex(DataType.FLOAT64, Value.of(-2.0))).isEqualTo("c000000000000000");
    assertThat(hex(DataType.STRING, Value.of("AB"))).startsWith("28024142").endsWith("00");
  }

  @Test
  void aBoolSetsOnlyItsBit() {
    TagSpec low = new TagSpec("low", DataType.BOOL, "", false);
    TagSpec high = new TagSpec("high", DataType.BOOL, "", false);
    DataBlockLayout bits = DataBlockLayout.of(List.of(low, high));
    byte[] block = new byte[bits.size()];

    S7ValueCodec.encode(bits.slots().get(1), Value.of(true), block);

    assertThat(block[0]).isEqualTo((byte) 0b10);
    assertThat(S7ValueCodec.decode(bits.slots().get(0), block)).isEqualTo(Value.of(false));
    S7ValueCodec.encode(bits.slots().get(1), Value.of(false), block);
    assertThat(block[0]).isZero();
  }

  @Test
  void aStringIsCutToItsCapacityAndKeepsLatin1() {
    byte[] block = new byte[layout.size()];
    S7Slot slot = slot(DataType.STRING);

    S7ValueCodec.encode(slot, Value.of("Ä€" + "x".repeat(60)), block);

    assertThat(S7ValueCodec.decode(slot, block))
        .isEqualTo(Value.of("Ä?" + "x".repeat(DataBlockLayout.STRING_CHARS - 2)));
  }

  @Test
  void aCurrentLengthBeyondTheCapacityIsCapped() {
    byte[] block = new byte[layout.size()];
    S7Slot slot = slot(DataType.STRING);
    Arrays.fill(block, slot.byteOffset() + 2, slot.byteOffset() + slot.length(), (byte) 'z');
    block[slot.byteOffset() + 1] = (byte) 254;

    assertThat(S7ValueCodec.decode(slot, block).toString()).hasSize(DataBlockLayout.STRING_CHARS);
  }
}
