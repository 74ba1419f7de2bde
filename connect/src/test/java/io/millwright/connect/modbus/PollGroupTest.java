package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollGroupTest {

  static final PollGroup GROUP =
      new PollGroup(
          Duration.ofSeconds(1),
          List.of(
              new ReadRequest(Table.HOLDING, 10, 4, List.of()),
              new ReadRequest(Table.COIL, 0, 8, List.of())),
          0);

  @Test
  void aWriteIsReadBackByTheGroupWhoseReadsOverlapIt() {
    assertThat(GROUP.reads(new TagWrite.Registers(13, new int[] {1}))).isTrue();
    assertThat(GROUP.reads(new TagWrite.Registers(8, new int[] {1, 2, 3}))).isTrue();
    assertThat(GROUP.reads(new TagWrite.Registers(14, new int[] {1}))).isFalse();
    assertThat(GROUP.reads(new TagWrite.Registers(0, new int[] {1}))).isFalse();
    assertThat(GROUP.reads(new TagWrite.Coil(7, true))).isTrue();
    assertThat(GROUP.reads(new TagWrite.Coils(8, new boolean[] {true, false}))).isFalse();
    assertThat(GROUP.reads(new TagWrite.Coil(12, true))).as("a coil, not register 12").isFalse();
  }
}
