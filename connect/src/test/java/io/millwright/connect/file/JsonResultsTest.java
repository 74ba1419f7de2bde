package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonResultsTest {

  private final JsonResults json =
      new JsonResults(List.of("/result/pass", "part", "/features/0/deviation", "/note"), 3);

  private List<ResultRecord> parse(String text) throws BadFileException {
    return json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anObjectIsOneResultFoundByPointers() throws Exception {
    List<ResultRecord> records =
        parse(
            "{\"part\":\"A-1\",\"result\":{\"pass\":true},"
                + "\"features\":[{\"deviation\":0.012}],\"note\":null}");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields())
        .isEqualTo(Map.of("/result/pass", "true", "part", "A-1", "/features/0/deviation", "0.012"));
  }

  @Test
  void anArrayHoldsOneResultPerElement() throws Exception {
    List<ResultRecord> records = parse("\uFEFF[{\"part\":\"A-1\"},{\"part\":\"A-2\"}]");
    assertThat(records)
        .extracting(r -> r.field("part").orElseThrow())
        .containsExactly("A-1", "A-2");
    assertThat(records.get(1).where()).isEqualTo("element 1");
  }

  @Test
  void aContainerWhereAValueWasExpectedIsItsJsonText() throws Exception {
    assertThat(parse("{\"note\":{\"a\":1}}").get(0).field("/note")).contains("{\"a\":1}");
  }

  @Test
  void malformedFilesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> parse("{\"part\":")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> parse("{} {}")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> parse("42")).hasMessageContaining("single number");
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("no result");
    assertThatThrownBy(() -> parse("[{}, 3]"))
        .hasMessageContaining("element 1 of the array is a number");
    assertThatThrownBy(() -> parse("[{}, {}")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> parse("[{},{},{},{}]")).hasMessageContaining("more than 3");
  }
}
