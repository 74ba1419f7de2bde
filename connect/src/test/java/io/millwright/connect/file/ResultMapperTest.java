package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResultMapperTest {

  private static final long MTIME = 1_700_000_000_000L;
  private static final List<Tag> TAGS =
      List.of(
          Tag.of("result/pass", "pass", DataType.BOOL),
          Tag.of("bore/deviation", "deviation", DataType.FLOAT64),
          new Tag(
              "job/order",
              "order",
              DataType.STRING,
              "",
              Scale.IDENTITY,
              0,
              Optional.empty(),
              true));

  private static Map<String, Sample> byTag(List<TagSample> batch) {
    return batch.stream().collect(Collectors.toMap(TagSample::tag, TagSample::sample));
  }

  @Test
  void aCompleteResultIsGoodAtTheFilesTime() {
    ResultMapper m = new ResultMapper(TAGS, Optional.empty());
    ResultMapper.Mapped mapped =
        m.map(
            "r.csv",
            List.of(new ResultRecord("row 1", Map.of("pass", "1", "deviation", "0.5"))),
            MTIME);
    assertThat(mapped.problems()).isEmpty();
    assertThat(mapped.badTags()).isZero();
    Map<String, Sample> s = byTag(mapped.batches().get(0));
    assertThat(s.get("result/pass")).isEqualTo(Sample.good(MTIME, Value.of(true)));
    assertThat(s.get("bore/deviation")).isEqualTo(Sample.good(MTIME, Value.of(0.5)));
    // A job field absent from the result is left alone.
    assertThat(s).doesNotContainKey("job/order");
  }

  @Test
  void aMissingFieldMakesOnlyItsTagBadAndTheFileIsNoError() {
    ResultMapper m = new ResultMapper(TAGS, Optional.empty());
    m.map("a.csv", List.of(new ResultRecord("row 1", Map.of("pass", "1", "deviation", "0.5"))), 1);
    ResultMapper.Mapped mapped =
        m.map(
            "b.csv", List.of(new ResultRecord("row 1", Map.of("pass", "0", "deviation", " "))), 2);
    assertThat(mapped.problems()).isEmpty();
    assertThat(mapped.badTags()).isOne();
    Sample dev = byTag(mapped.batches().get(0)).get("bore/deviation");
    assertThat(dev.quality().isGood()).isFalse();
    assertThat(dev.quality().reason()).isEqualTo("Bad_NoData: b.csv row 1 has no deviation");
    assertThat(dev.value()).as("the last value").isEqualTo(Value.of(0.5));
  }

  @Test
  void aFieldOfTheWrongTypeMakesItsTagBadAndTheFileAnError() {
    ResultMapper m = new ResultMapper(TAGS, Optional.empty());
    ResultMapper.Mapped mapped =
        m.map(
            "r.csv",
            List.of(new ResultRecord("row 2", Map.of("pass", "1", "deviation", "n/a"))),
            MTIME);
    assertThat(mapped.problems())
        .containsExactly("r.csv row 2, deviation: \"n/a\" is not a number (float64)");
    Map<String, Sample> s = byTag(mapped.batches().get(0));
    assertThat(s.get("result/pass").quality().isGood()).isTrue();
    assertThat(s.get("bore/deviation").quality().reason()).startsWith("Bad_TypeMismatch: r.csv");
    assertThat(s.get("bore/deviation").value().asDouble()).isNaN();
  }

  @Test
  void theTimestampFieldGivesTheTimeAndIsMandatory() {
    ResultMapper m = new ResultMapper(TAGS, Optional.of("time"));
    ResultMapper.Mapped good =
        m.map(
            "r.csv",
            List.of(new ResultRecord("row 1", Map.of("pass", "1", "time", "2026-01-01T00:00:00Z"))),
            MTIME);
    assertThat(good.problems()).isEmpty();
    assertThat(byTag(good.batches().get(0)).get("result/pass").timestamp())
        .isEqualTo(1_767_225_600_000L);
    ResultMapper.Mapped missing =
        m.map("r.csv", List.of(new ResultRecord("row 1", Map.of("pass", "1"))), MTIME);
    assertThat(missing.problems()).containsExactly("r.csv row 1 has no timestamp field time");
  }

  @Test
  void aFileWithNoneOfTheFieldsIsAnError() {
    ResultMapper m = new ResultMapper(TAGS, Optional.empty());
    ResultMapper.Mapped mapped =
        m.map("r.csv", List.of(new ResultRecord("row 1", Map.of("other", "1"))), MTIME);
    assertThat(mapped.problems()).singleElement().asString().contains("none of the tags' fields");
  }

  @Test
  void anUnreadableFileMakesEveryReadTagBadWithTheReason() {
    ResultMapper m = new ResultMapper(TAGS, Optional.empty());
    List<TagSample> batch = m.unreadable("r.csv: not valid JSON", MTIME);
    assertThat(batch).extracting(TagSample::tag).containsExactly("result/pass", "bore/deviation");
    assertThat(batch)
        .allSatisfy(
            s ->
                assertThat(s.sample().quality().reason())
                    .isEqualTo("Bad_DecodingError: r.csv: not valid JSON"));
  }
}
