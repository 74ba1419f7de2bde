package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkCheckpointTest {

  @TempDir Path dir;

  private WatermarkCheckpoint checkpoint(String table, String column) {
    return new WatermarkCheckpoint(
        dir,
        "cmm-01",
        TableName.parse("options.table", table),
        SqlIdentifier.parse("options.watermark", column));
  }

  @Test
  void nothingSavedIsEmpty() throws IOException {
    assertThat(checkpoint("results", "id").load()).isEmpty();
  }

  @Test
  void everyWatermarkTypeSurvivesARoundTripWithFullPrecision() throws IOException {
    WatermarkCheckpoint c = checkpoint("results", "id");
    for (Watermark w :
        new Watermark[] {
          new Watermark(WatermarkType.NUMBER, Long.MAX_VALUE),
          new Watermark(
              WatermarkType.TIMESTAMP, LocalDateTime.of(2026, 3, 1, 12, 0, 0, 123_456_000)),
          new Watermark(
              WatermarkType.TIMESTAMP_TZ,
              OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 1_000, ZoneOffset.ofHours(2)))
        }) {
      c.save(w);
      assertThat(c.load()).contains(w);
    }
    assertThat(dir.resolve("cmm-01.watermark.tmp")).doesNotExist();
  }

  @Test
  void aCheckpointOfAnotherTableOrColumnIsNotUsed() throws IOException {
    checkpoint("results", "id").save(new Watermark(WatermarkType.NUMBER, 7L));
    assertThat(checkpoint("results_v2", "id").load()).isEmpty();
    assertThat(checkpoint("results", "seq").load()).isEmpty();
    assertThat(checkpoint("results", "id").load()).isPresent();
  }

  @Test
  void aDamagedCheckpointIsAnErrorNotAFreshStart() throws IOException {
    WatermarkCheckpoint c = checkpoint("results", "id");
    c.save(new Watermark(WatermarkType.NUMBER, 7L));
    Files.writeString(c.file(), Files.readString(c.file()).replace("value=7", "value=seven"));
    assertThatThrownBy(c::load).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    Files.writeString(c.file(), "table=results\ncolumn=id\n");
    assertThatThrownBy(c::load).isInstanceOf(IOException.class).hasMessageContaining("damaged");
  }

  @Test
  void theStateDirectoryIsCreatedWhenMissing() throws IOException {
    WatermarkCheckpoint c =
        new WatermarkCheckpoint(
            dir.resolve("state/sql"),
            "m",
            TableName.parse("t", "results"),
            SqlIdentifier.parse("w", "id"));
    c.save(new Watermark(WatermarkType.NUMBER, 1L));
    assertThat(c.load()).contains(new Watermark(WatermarkType.NUMBER, 1L));
  }
}
