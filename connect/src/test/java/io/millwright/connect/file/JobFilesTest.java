package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFilesTest {

  private static Map<String, Value> job() {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("job/order", Value.of("PO-4711"));
    fields.put("/job/target", Value.of(250L));
    fields.put("ratio~1speed", Value.of(0.5));
    fields.put("job/released", Value.of(true));
    return fields;
  }

  @Test
  void jsonIsReadBackByTheSamePointers() throws Exception {
    byte[] text = JobFiles.json(job()).getBytes(StandardCharsets.UTF_8);
    List<String> addresses = List.copyOf(job().keySet());
    ResultRecord back = new JsonResults(addresses, 1).parse(text).get(0);
    assertThat(back.fields())
        .isEqualTo(
            Map.of(
                "job/order", "PO-4711",
                "/job/target", "250",
                "ratio~1speed", "0.5",
                "job/released", "true"));
    assertThat(new String(text, StandardCharsets.UTF_8)).contains("\"ratio/speed\" : 0.5");
  }

  @Test
  void csvIsReadBackByTheHeaderAndQuotesWhatNeedsIt() throws Exception {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("order", Value.of("PO;1 \"rush\""));
    fields.put("target", Value.of(250L));
    String text = JobFiles.csv(fields, ';');
    assertThat(text).isEqualTo("order;target\r\n\"PO;1 \"\"rush\"\"\";250\r\n");
    ResultRecord back =
        new CsvResults(';', StandardCharsets.UTF_8, 1, List.of("order", "target"))
            .parse(text.getBytes(StandardCharsets.UTF_8))
            .get(0);
    assertThat(back.fields()).isEqualTo(Map.of("order", "PO;1 \"rush\"", "target", "250"));
  }

  @Test
  void filesAppearWholeUnderNamesOfTheirOwn(@TempDir Path outbox) throws Exception {
    JobFiles files = new JobFiles(outbox.resolve("jobs"), FileFormat.JSON, ',');
    Instant now = Instant.parse("2026-11-23T08:15:00.123Z");
    Path first = files.write(Map.of("job/order", Value.of("../../etc/passwd")), now);
    Path second = files.write(Map.of("job/order", Value.of("PO-2")), now);
    assertThat(first.getFileName()).hasToString("job-20261123T081500123Z-000001.json");
    assertThat(second.getFileName()).hasToString("job-20261123T081500123Z-000002.json");
    try (var listing = Files.list(outbox.resolve("jobs"))) {
      assertThat(listing).containsExactlyInAnyOrder(first, second);
    }
  }
}
