package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CellDecoderTest {

  private static Tag tag(DataType type) {
    return Tag.of("t", "c", type);
  }

  private static Value decode(DataType type, Object raw) throws BadCell {
    return CellDecoder.decode(tag(type), raw);
  }

  @Test
  void wholeNumbersFromAnyNumericOrTextColumnFitIntegerTags() throws BadCell {
    assertThat(decode(DataType.INT32, 42)).isEqualTo(Value.of(42L));
    assertThat(decode(DataType.INT64, Long.MAX_VALUE)).isEqualTo(Value.of(Long.MAX_VALUE));
    assertThat(decode(DataType.INT16, new BigDecimal("12.000"))).isEqualTo(Value.of(12L));
    assertThat(decode(DataType.UINT32, BigInteger.valueOf(4_000_000_000L)))
        .isEqualTo(Value.of(4_000_000_000L));
    assertThat(decode(DataType.INT32, " 17 ")).isEqualTo(Value.of(17L));
    assertThat(decode(DataType.INT32, 3.0)).isEqualTo(Value.of(3L));
  }

  @Test
  void textFractionsAndBooleansAreTypeMismatches() {
    assertBad(DataType.INT32, "abc", "Bad_TypeMismatch", "\"abc\" is not a whole number (int32)");
    assertBad(DataType.INT32, 1.5, "Bad_TypeMismatch", "is not a whole number");
    assertBad(DataType.INT32, true, "Bad_TypeMismatch", "is not a whole number");
    assertBad(DataType.INT32, Double.NaN, "Bad_TypeMismatch", "is not a whole number");
    assertBad(DataType.FLOAT64, "1.5d", "Bad_TypeMismatch", "is not a number");
    assertBad(DataType.BOOL, 2, "Bad_TypeMismatch", "is not a bool");
    assertBad(DataType.BOOL, "yes", "Bad_TypeMismatch", "is not a bool");
    assertBad(DataType.STRING, new byte[] {1}, "Bad_TypeMismatch", "is not text");
  }

  @Test
  void valuesOutsideTheTypeAreOutOfRange() {
    assertBad(DataType.INT16, 40_000, "Bad_OutOfRange", "40000 is out of range for int16");
    assertBad(DataType.UINT16, -1, "Bad_OutOfRange", "(0 to 65535)");
    assertBad(DataType.UINT32, 4_294_967_296L, "Bad_OutOfRange", "uint32");
    assertBad(DataType.INT64, new BigInteger("9223372036854775808"), "Bad_OutOfRange", "int64");
    assertBad(DataType.INT64, "1E+999999999", "Bad_OutOfRange", "1E+999999999");
    assertBad(DataType.FLOAT32, 1e300, "Bad_OutOfRange", "float32");
  }

  @Test
  void nullIsNoData() {
    assertBad(DataType.FLOAT64, null, "Bad_NoData", "is NULL");
  }

  @Test
  void floatsBoolsAndTextAreRead() throws BadCell {
    assertThat(decode(DataType.FLOAT64, 1.25f)).isEqualTo(Value.of(1.25));
    assertThat(decode(DataType.FLOAT32, new BigDecimal("2.5"))).isEqualTo(Value.of(2.5));
    assertThat(decode(DataType.FLOAT64, "NaN")).isEqualTo(Value.of(Double.NaN));
    assertThat(decode(DataType.FLOAT64, " -3e2 ")).isEqualTo(Value.of(-300.0));
    assertThat(decode(DataType.BOOL, true)).isEqualTo(Value.of(true));
    assertThat(decode(DataType.BOOL, 0)).isEqualTo(Value.of(false));
    assertThat(decode(DataType.BOOL, "T")).isEqualTo(Value.of(true));
    assertThat(decode(DataType.STRING, "A-17")).isEqualTo(Value.of("A-17"));
    assertThat(decode(DataType.STRING, new BigDecimal("1E+3"))).isEqualTo(Value.of("1000"));
    assertThat(decode(DataType.STRING, LocalDateTime.of(2026, 1, 2, 3, 4)))
        .isEqualTo(Value.of("2026-01-02T03:04"));
  }

  @Test
  void scaledTagsAreDeliveredInEngineeringUnits() throws BadCell {
    Tag scaled =
        new Tag("t", "c", DataType.INT16, "bar", new Scale(0.1, 0), 0, Optional.empty(), false);
    assertThat(CellDecoder.decode(scaled, 125)).isEqualTo(Value.of(12.5));
  }

  private static void assertBad(DataType type, Object raw, String reason, String detail) {
    assertThatThrownBy(() -> decode(type, raw))
        .isInstanceOfSatisfying(
            BadCell.class,
            e -> {
              assertThat(e.quality().reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(detail);
            });
  }
}
