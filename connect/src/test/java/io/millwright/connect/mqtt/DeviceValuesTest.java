package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @CsvSource({
    "true, true",
    "TRUE, true",
    "1, true",
    "on, true",
    "On, true",
    "' true\n', true",
    "false, false",
    "0, false",
    "OFF, false"
  })
  void plainBoolForms(String text, boolean expected) {
    assertThat(DeviceValues.fromText(text, DataType.BOOL))
        .isEqualTo(Reading.good(Value.of(expected)));
  }

  @Test
  void plainBoolRefusesOtherWords() {
    assertThat(DeviceValues.fromText("yes", DataType.BOOL))
        .isInstanceOfSatisfying(
            Reading.Bad.class, b -> assertThat(b.reason()).isEqualTo("Bad_TypeMismatch"));
  }

  @ParameterizedTest
  @CsvSource({"42, 42", "-7, -7", "42.0, 42", "4.2e1, 42", "' 12\r\n', 12", "-32768, -32768"})
  void plainIntegers(String text, long expected) {
    assertThat(DeviceValues.fromText(text, DataType.INT16))
        .isEqualTo(Reading.good(Value.of(expected)));
  }

  @ParameterizedTest
  @CsvSource({
    "42.5, Bad_TypeMismatch",
    "abc, Bad_TypeMismatch",
    "0x10, Bad_TypeMismatch",
    "+1, Bad_TypeMismatch",
    "'', Bad_TypeMismatch",
    "32768, Bad_OutOfRange",
    "1e999999999, Bad_OutOfRange"
  })
  void plainIntegerRefusals(String text, String reason) {
    assertThat(DeviceValues.fromText(text, DataType.INT16))
        .isInstanceOfSatisfying(Reading.Bad.class, b -> assertThat(b.reason()).isEqualTo(reason));
  }

  @Test
  void unsignedTypesRefuseNegativeNumbers() {
    assertThat(DeviceValues.fromText("-1", DataType.UINT32)).isInstanceOf(Reading.Bad.class);
    assertThat(DeviceValues.fromText("4294967295", DataType.UINT32))
        .isEqualTo(Reading.good(Value.of(4294967295L)));
  }

  @Test
  void plainFloatsIncludingTheNonFiniteOnes() {
    assertThat(DeviceValues.fromText("21.5", DataType.FLOAT64))
        .isEqualTo(Reading.good(Value.of(21.5)));
    assertThat(DeviceValues.fromText("-1.5e-3", DataType.FLOAT32))
        .isEqualTo(Reading.good(Value.of(-0.0015)));
    assertThat(DeviceValues.fromText("NaN", DataType.FLOAT64))
        .isEqualTo(Reading.good(Value.of(Double.NaN)));
    assertThat(DeviceValues.fromText("-Infinity", DataType.FLOAT64))
        .isEqualTo(Reading.good(Value.of(Double.NEGATIVE_INFINITY)));
    assertThat(DeviceValues.fromText("1d", DataType.FLOAT64)).isInstanceOf(Reading.Bad.class);
  }

  @Test
  void aPlainStringIsTheWholePayloadUnchanged() {
    assertThat(DeviceValues.fromText(" P-100 rev B\n", DataType.STRING))
        .isEqualTo(Reading.good(Value.of(" P-100 rev B\n")));
  }

  @Test
  void jsonNumbersBoolsAndStrings() throws Exception {
    JsonNode doc =
        JSON.readTree(
            "{\"n\": 1200, \"f\": 21.5, \"w\": 3.0, \"b\": true, \"i\": 1, \"s\": \"P-1\"}");
    assertThat(DeviceValues.fromJson(doc.get("n"), DataType.INT32))
        .isEqualTo(Reading.good(Value.of(1200L)));
    assertThat(DeviceValues.fromJson(doc.get("w"), DataType.INT32))
        .isEqualTo(Reading.good(Value.of(3L)));
    assertThat(DeviceValues.fromJson(doc.get("n"), DataType.FLOAT64))
        .isEqualTo(Reading.good(Value.of(1200.0)));
    assertThat(DeviceValues.fromJson(doc.get("b"), DataType.BOOL))
        .isEqualTo(Reading.good(Value.of(true)));
    assertThat(DeviceValues.fromJson(doc.get("i"), DataType.BOOL))
        .isEqualTo(Reading.good(Value.of(true)));
    assertThat(DeviceValues.fromJson(doc.get("s"), DataType.STRING))
        .isEqualTo(Reading.good(Value.of("P-1")));
    assertThat(DeviceValues.fromJson(doc.get("f"), DataType.STRING))
        .isEqualTo(Reading.good(Value.of("21.5")));
  }

  @Test
  void jsonTextWhereANumberIsExpectedIsATypeMismatch() throws Exception {
    JsonNode doc = JSON.readTree("{\"speed\": \"fast\", \"q\": \"12\", \"o\": {}, \"n\": 2}");
    for (String field : new String[] {"speed", "q", "o"}) {
      assertThat(DeviceValues.fromJson(doc.get(field), DataType.FLOAT64))
          .isInstanceOfSatisfying(
              Reading.Bad.class, b -> assertThat(b.reason()).isEqualTo("Bad_TypeMismatch"));
    }
    assertThat(DeviceValues.fromJson(doc.get("n"), DataType.BOOL))
        .isInstanceOfSatisfying(
            Reading.Bad.class, b -> assertThat(b.reason()).isEqualTo("Bad_TypeMismatch"));
    assertThat(DeviceValues.fromJson(doc.get("o"), DataType.STRING))
        .isInstanceOf(Reading.Bad.class);
  }

  @Test
  void missingAndNullFieldsAreNoData() throws Exception {
    JsonNode doc = JSON.readTree("{\"a\": null}");
    assertThat(DeviceValues.fromJson(doc.at("/a"), DataType.INT32))
        .isEqualTo(Reading.noData("the field is null"));
    assertThat(DeviceValues.fromJson(doc.at("/b"), DataType.INT32))
        .isEqualTo(Reading.noData("the field is missing"));
  }
}
