package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.connect.WriteException;
import io.millwright.connect.modbus.ModbusOptions.Order;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WriteEncoderTest {

  private final WriteEncoder encoder = new WriteEncoder(new RegisterCodec(Order.BIG, Order.BIG));

  @Test
  void scaleIsUndoneAndIntegersRounded() {
    // engineering = raw * 0.1 + 20, so 42.37 is raw 223.7, rounded to 224.
    ModbusTag t = tag("holding:5", DataType.INT16, new Scale(0.1, 20));
    TagWrite w = encoder.encode(t, Value.of(42.37));
    assertThat(w)
        .isInstanceOfSatisfying(
            TagWrite.Registers.class,
            r -> {
              assertThat(r.start()).isEqualTo(5);
              assertThat(r.values()).containsExactly(224);
            });
  }

  @Test
  void outOfRangeIsRefusedWithTheRange() {
    assertThatThrownBy(() -> encoder.encode(tag("holding:0", DataType.INT16), Value.of(40_000L)))
        .isInstanceOf(WriteException.class)
        .hasMessageContaining("out of range for int16 (-32768 to 32767)");
    assertThatThrownBy(() -> encoder.encode(tag("holding:0", DataType.UINT16), Value.of(-1L)))
        .hasMessageContaining("out of range for uint16");
    assertThatThrownBy(() -> encoder.encode(tag("holding:0", DataType.INT64), Value.of(1e19)))
        .hasMessageContaining("out of range for int64");
    assertThatThrownBy(
            () -> encoder.encode(tag("holding:0", DataType.FLOAT32), Value.of(Double.MAX_VALUE)))
        .hasMessageContaining("out of range for float32");
  }

  @Test
  void int64IsExactWithoutScaling() {
    TagWrite w = encoder.encode(tag("holding:0", DataType.INT64), Value.of(Long.MAX_VALUE - 1));
    assertThat(((TagWrite.Registers) w).values()).containsExactly(0x7FFF, 0xFFFF, 0xFFFF, 0xFFFE);
  }

  @Test
  void theValueKindMustFitTheTag() {
    assertThatThrownBy(() -> encoder.encode(tag("coil:0", DataType.BOOL), Value.of(1L)))
        .hasMessage("cannot write t: a long value does not fit a bool tag");
    assertThatThrownBy(() -> encoder.encode(tag("holding:0", DataType.INT16), Value.of("1")))
        .hasMessageContaining("a string value does not fit a int16 tag");
    assertThatThrownBy(() -> encoder.encode(tag("holding:0:2", DataType.STRING), Value.of(true)))
        .isInstanceOf(WriteException.class);
  }

  @Test
  void stringsMustFitAndBeAscii() {
    assertThat(encoder.encode(tag("holding:0:2", DataType.STRING), Value.of("AB")))
        .isInstanceOfSatisfying(
            TagWrite.Registers.class, r -> assertThat(r.values()).containsExactly(0x4142, 0));
    assertThatThrownBy(() -> encoder.encode(tag("holding:0:2", DataType.STRING), Value.of("ABCDE")))
        .hasMessageContaining("holds at most 4");
    assertThatThrownBy(() -> encoder.encode(tag("holding:0:2", DataType.STRING), Value.of("é")))
        .hasMessageContaining("ASCII");
  }

  @Test
  void neighbouringCoilsMergeIntoOneMultipleWrite() {
    var merged =
        TagWrite.mergeCoils(
            java.util.List.of(
                new TagWrite.Coil(3, true),
                new TagWrite.Registers(0, new int[] {1}),
                new TagWrite.Coil(1, true),
                new TagWrite.Coil(2, false),
                new TagWrite.Coil(7, true)));
    assertThat(merged).hasSize(3);
    assertThat(merged.get(0))
        .isInstanceOfSatisfying(
            TagWrite.Coils.class,
            c -> {
              assertThat(c.start()).isEqualTo(1);
              assertThat(c.values()).containsExactly(true, false, true);
            });
    assertThat(merged.get(1)).isEqualTo(new TagWrite.Coil(7, true));
    assertThat(merged.get(2)).isInstanceOf(TagWrite.Registers.class);
  }

  private static ModbusTag tag(String address, DataType type) {
    return tag(address, type, Scale.IDENTITY);
  }

  private static ModbusTag tag(String address, DataType type, Scale scale) {
    return ModbusTag.of(
        0,
        new Tag("t", address, type, "", scale, 0, Optional.empty(), true),
        ModbusOptions.DEFAULTS);
  }
}
