package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlResultsTest {

  private static final String REPORT =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <inspection xmlns="urn:cmm" serial="SN-7">
        <result><pass>true</pass></result>
        <feature name="flatness"><deviation>0.004</deviation></feature>
        <feature name="bore"><deviation unit="mm"> 0.012 </deviation></feature>
        <note><![CDATA[a < b]]> and <b>more</b></note>
      </inspection>
      """;

  private static List<ResultRecord> parse(List<String> addresses, String xml)
      throws BadFileException {
    return new XmlResults(addresses).parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void elementPathsAttributesAndSelectionByAttribute() throws Exception {
    List<ResultRecord> records =
        parse(
            List.of(
                "inspection/result/pass",
                "/inspection/@serial",
                "inspection/feature[@name='bore']/deviation",
                "inspection/feature[@name=\"bore\"]/deviation/@unit",
                "inspection/feature/deviation",
                "inspection/note",
                "inspection/missing"),
            REPORT);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields())
        .isEqualTo(
            Map.of(
                "inspection/result/pass", "true",
                "/inspection/@serial", "SN-7",
                "inspection/feature[@name='bore']/deviation", "0.012",
                "inspection/feature[@name=\"bore\"]/deviation/@unit", "mm",
                "inspection/feature/deviation", "0.004",
                "inspection/note", "a < b and more"));
  }

  @Test
  void externalEntitiesAreRefusedAndReadNothing(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]><r><v>&xxe;</v></r>";
    assertThatThrownBy(() -> parse(List.of("r/v"), xxe))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("DOCTYPE")
        .hasMessageNotContaining("TOP-SECRET");
  }

  @Test
  void entityExpansionIsRefused() {
    String laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>";
    assertThatThrownBy(() -> parse(List.of("r"), laughs))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void anUndeclaredEntityIsRefused() {
    assertThatThrownBy(() -> parse(List.of("r"), "<r>&nope;</r>"))
        .isInstanceOf(BadFileException.class);
  }

  @Test
  void theDeclaredEncodingIsHonoured() throws Exception {
    byte[] latin =
        "<?xml version='1.0' encoding='ISO-8859-1'?><r><v>Prüfer</v></r>"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(new XmlResults(List.of("r/v")).parse(latin).get(0).field("r/v")).contains("Prüfer");
    byte[] wrong = {'<', 'r', '>', (byte) 0xFC, '<', '/', 'r', '>'};
    assertThatThrownBy(() -> new XmlResults(List.of("r")).parse(wrong))
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void malformedFilesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> parse(List.of("r"), "")).isInstanceOf(BadFileException.class);
    assertThatThrownBy(() -> parse(List.of("r"), "<r><v>1</r>"))
        .hasMessageContaining("not well-formed XML");
    assertThatThrownBy(() -> parse(List.of("r"), "<?xml version=\"1.0\"?>"))
        .isInstanceOf(BadFileException.class);
  }
}
