package io.millwright.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RegisterCodecTest {

  @Test
  void float32IsIeee754WithTheHighWordFirst() {
    // 12.5f = 0x41480000
    assertThat(RegisterCodec.encode(DataType.FLOAT32, Value.of(12.5)))
        .containsExactly(0x4148, 0x0000);
  }

  @Test
  void int32IsTwosComplementWithTheHighWordFirst() {
    assertThat(RegisterCodec.encode(DataType.INT32, Value.of(-2L))).containsExactly(0xFFFF, 0xFFFE);
    assertThat(RegisterCodec.encode(DataType.INT32, Value.of(0x12345678L)))
        .containsExactly(0x1234, 0x5678);
  }

  @Test
  void unsignedTypesUseTheFullRange() {
    assertThat(RegisterCodec.encode(DataType.UINT32, Value.of(4_000_000_000L)))
        .containsExactly(0xEE6B, 0x2800);
    assertThat(RegisterCodec.decode(DataType.UINT32, new int[] {0xEE6B, 0x2800}))
        .isEqualTo(Value.of(4_000_000_000L));
    assertThat(RegisterCodec.decode(DataType.UINT16, new int[] {0xFDE8}))
        .isEqualTo(Value.of(65000L));
    assertThat(RegisterCodec.decode(DataType.INT16, new int[] {0xFDE8})).isEqualTo(Value.of(-536L));
  }

  @Test
  void int64AndFloat64TakeFourRegistersMostSignificantFirst() {
    assertThat(RegisterCodec.encode(DataType.INT64, Value.of(0x0102030405060708L)))
        .containsExactly(0x0102, 0x0304, 0x0506, 0x0708);
    // 1.0 = 0x3FF0000000000000
    assertThat(RegisterCodec.encode(DataType.FLOAT64, Value.of(1.0)))
        .containsExactly(0x3FF0, 0, 0, 0);
  }

  @Test
  void stringsAreAsciiTwoBytesPerRegisterNulPadded() {
    int[] words = RegisterCodec.encode(DataType.STRING, Value.of("ABC"));
    assertThat(words).containsExactly(0x4142, 0x4300, 0, 0, 0, 0, 0, 0);
    assertThat(RegisterCodec.decode(DataType.STRING, words)).isEqualTo(Value.of("ABC"));
  }

  @Test
  void longStringsAreCutAndNonAsciiBecomesQuestionMarks() {
    int[] words = RegisterCodec.encode(DataType.STRING, Value.of("µ23456789012345678"));
    assertThat(RegisterCodec.decode(DataType.STRING, words))
        .isEqualTo(Value.of("?234567890123456"));
  }

  @Test
  void nonAsciiStringRegistersAreRefused() {
    assertThatThrownBy(
            () -> RegisterCodec.decode(DataType.STRING, new int[] {0xC3A9, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ASCII");
  }

  @Test
  void valuesOutOfTheTypeRangeAreRefusedWithTheRange() {
    assertThatThrownBy(() -> RegisterCodec.encode(DataType.INT16, Value.of(40000L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-32768..32767");
    assertThatThrownBy(() -> RegisterCodec.encode(DataType.UINT32, Value.of(-1L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegisterCodec.encode(DataType.FLOAT32, Value.of(1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floating point");
  }

  @Property
  void int64RoundTrips(@ForAll long v) {
    assertThat(
            RegisterCodec.decode(DataType.INT64, RegisterCodec.encode(DataType.INT64, Value.of(v))))
        .isEqualTo(Value.of(v));
  }

  @Property
  void int32RoundTrips(@ForAll int v) {
    assertThat(
            RegisterCodec.decode(
                DataType.INT32, RegisterCodec.encode(DataType.INT32, Value.of((long) v))))
        .isEqualTo(Value.of((long) v));
  }

  @Property
  void float64RoundTripsBitForBit(@ForAll double v) {
    Value back =
        RegisterCodec.decode(DataType.FLOAT64, RegisterCodec.encode(DataType.FLOAT64, Value.of(v)));
    assertThat(Double.doubleToRawLongBits(back.asDouble()))
        .isEqualTo(Double.doubleToRawLongBits(v));
  }

  @Property
  void float32RoundTripsEveryFloat(@ForAll float v) {
    Value back =
        RegisterCodec.decode(
            DataType.FLOAT32, RegisterCodec.encode(DataType.FLOAT32, Value.of((double) v)));
    assertThat(Float.floatToIntBits((float) back.asDouble())).isEqualTo(Float.floatToIntBits(v));
  }

  @Property
  void everyRegisterStaysWithinSixteenBits(@ForAll long v) {
    assertThat(java.util.Arrays.stream(RegisterCodec.encode(DataType.INT64, Value.of(v))).boxed())
        .allMatch(w -> w >= 0 && w <= 0xFFFF);
  }
}
