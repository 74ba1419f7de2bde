package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.connect.modbus.ModbusOptions.Order;
import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RegisterCodecTest {

  private static final RegisterCodec BIG = new RegisterCodec(Order.BIG, Order.BIG);
  private static final RegisterCodec LITTLE_WORDS = new RegisterCodec(Order.LITTLE, Order.BIG);
  private static final RegisterCodec LITTLE_BYTES = new RegisterCodec(Order.BIG, Order.LITTLE);
  private static final RegisterCodec LITTLE = new RegisterCodec(Order.LITTLE, Order.LITTLE);

  @Test
  void float32InEachOrder() {
    // 1.5f is 0x3FC00000.
    assertThat(BIG.encodeFloat(DataType.FLOAT32, 1.5)).containsExactly(0x3FC0, 0x0000);
    assertThat(LITTLE_WORDS.encodeFloat(DataType.FLOAT32, 1.5)).containsExactly(0x0000, 0x3FC0);
    assertThat(LITTLE_BYTES.encodeFloat(DataType.FLOAT32, 1.5)).containsExactly(0xC03F, 0x0000);
    assertThat(LITTLE.encodeFloat(DataType.FLOAT32, 1.5)).containsExactly(0x0000, 0xC03F);
    assertThat(LITTLE.decode(DataType.FLOAT32, new int[] {9, 0x0000, 0xC03F}, 1, 2))
        .isEqualTo(Value.of(1.5));
  }

  @Test
  void signedAndUnsignedIntegers() {
    assertThat(BIG.decode(DataType.INT16, new int[] {0xFFFE}, 0, 1)).isEqualTo(Value.of(-2L));
    assertThat(BIG.decode(DataType.UINT16, new int[] {0xFFFE}, 0, 1)).isEqualTo(Value.of(65534L));
    assertThat(BIG.decode(DataType.INT32, new int[] {0xFFFF, 0xFFFD}, 0, 2))
        .isEqualTo(Value.of(-3L));
    assertThat(BIG.decode(DataType.UINT32, new int[] {0xFFFF, 0xFFFD}, 0, 2))
        .isEqualTo(Value.of(4294967293L));
    assertThat(LITTLE_WORDS.decode(DataType.INT64, new int[] {4, 3, 2, 1}, 0, 4))
        .isEqualTo(Value.of(0x0001_0002_0003_0004L));
  }

  @Test
  void stringsIgnoreWordOrderAndTrimPadding() {
    int[] registers = {0x4142, 0x4300, 0x0000}; // "ABC" NUL-padded in three registers
    assertThat(LITTLE_WORDS.decode(DataType.STRING, registers, 0, 3)).isEqualTo(Value.of("ABC"));
    assertThat(LITTLE_BYTES.decode(DataType.STRING, new int[] {0x4241, 0x0043}, 0, 2))
        .isEqualTo(Value.of("ABC"));
    assertThat(BIG.encodeString("ABC", 3)).containsExactly(0x4142, 0x4300, 0x0000);
  }

  @Property
  void integersSurviveEveryOrder(
      @ForAll long value,
      @ForAll Order words,
      @ForAll Order bytes,
      @ForAll("intTypes") DataType t) {
    RegisterCodec codec = new RegisterCodec(words, bytes);
    long fitted =
        switch (t) {
          case INT16 -> (short) value;
          case UINT16 -> value & 0xFFFF;
          case INT32 -> (int) value;
          case UINT32 -> value & 0xFFFF_FFFFL;
          default -> value;
        };
    int[] registers = codec.encodeInteger(t, fitted);
    assertThat(java.util.Arrays.stream(registers).allMatch(r -> r >= 0 && r <= 0xFFFF)).isTrue();
    assertThat(codec.decode(t, registers, 0, registers.length)).isEqualTo(Value.of(fitted));
  }

  @Property
  void doublesSurviveEveryOrder(@ForAll double value, @ForAll Order words, @ForAll Order bytes) {
    RegisterCodec codec = new RegisterCodec(words, bytes);
    int[] registers = codec.encodeFloat(DataType.FLOAT64, value);
    assertThat(codec.decode(DataType.FLOAT64, registers, 0, 4)).isEqualTo(Value.of(value));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<DataType> intTypes() {
    return net.jqwik.api.Arbitraries.of(
        DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32, DataType.INT64);
  }
}
