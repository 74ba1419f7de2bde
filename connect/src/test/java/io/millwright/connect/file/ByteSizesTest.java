package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

  @ParameterizedTest
  @CsvSource({
    "1048576, 1048576",
    "512B, 512",
    "16MB, 16777216",
    "512 kb, 524288",
    "1GB, 1073741824"
  })
  void plainBytesOrPowersOf1024(String text, long bytes) {
    assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MB", "-1", "1.5MB", "16 MiB", "9999999999GB"})
  void anythingElseIsRefused(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write e.g. 16MB");
  }
}
