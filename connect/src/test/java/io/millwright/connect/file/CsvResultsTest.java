package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvResultsTest {

  private static final List<String> COLUMNS =
      List.of("part", "pass", "deviation", "note", "a", "b", "c", "size", "Maß", "Prüfer");
  private final CsvResults csv = new CsvResults(',', StandardCharsets.UTF_8, 100, COLUMNS);

  private List<ResultRecord> parse(String text) throws BadFileException {
    return csv.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachRowAfterTheHeaderIsOneResult() throws Exception {
    List<ResultRecord> records = parse("part,pass,deviation\nA-1,true,0.012\nA-2,false,0.31\n");
    assertThat(records).hasSize(2);
    assertThat(records.get(0).fields())
        .isEqualTo(Map.of("part", "A-1", "pass", "true", "deviation", "0.012"));
    assertThat(records.get(1).where()).isEqualTo("row 2");
    assertThat(records.get(1).field("deviation")).contains("0.31");
  }

  @Test
  void quotedFieldsHoldDelimitersLineBreaksAndDoubledQuotes() throws Exception {
    List<ResultRecord> records =
        parse("note,part\r\n\"bore, 12 mm\r\nsecond line \"\"ok\"\"\",\"A-1\"\r\n");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).field("note")).contains("bore, 12 mm\r\nsecond line \"ok\"");
    assertThat(records.get(0).field("part")).contains("A-1");
  }

  @Test
  void emptyQuotedAndUnquotedFieldsAreEmptyText() throws Exception {
    ResultRecord r = parse("a,b,c\n\"\",,x\n").get(0);
    assertThat(r.fields()).isEqualTo(Map.of("a", "", "b", "", "c", "x"));
  }

  @Test
  void byteOrderMarkCrlfCrAndBlankLinesAreTolerated() throws Exception {
    assertThat(parse("\uFEFFpart,pass\r\nA-1,1\r\n\r\nA-2,0").get(1).fields())
        .isEqualTo(Map.of("part", "A-2", "pass", "0"));
    assertThat(parse("part,pass\rA-1,1\r").get(0).field("part")).contains("A-1");
  }

  @Test
  void headerNamesAreStrippedValuesKeptAsWritten() throws Exception {
    ResultRecord r = parse(" part , pass \n A-1 ,1\n").get(0);
    assertThat(r.field("part")).contains(" A-1 ");
    assertThat(r.field("pass")).contains("1");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsKept() throws Exception {
    assertThat(parse("size\n12\"\n").get(0).field("size")).contains("12\"");
  }

  @Test
  void semicolonsAndOtherCharacterSets() throws Exception {
    CsvResults european = new CsvResults(';', Charset.forName("windows-1252"), 10, COLUMNS);
    byte[] text = "Maß;Prüfer\n12,5;Jürgen\n".getBytes(Charset.forName("windows-1252"));
    assertThat(european.parse(text).get(0).fields())
        .isEqualTo(Map.of("Maß", "12,5", "Prüfer", "Jürgen"));
  }

  @Test
  void malformedFilesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> parse("a,b\n")).hasMessageContaining("no result row");
    assertThatThrownBy(() -> parse("a,b\n1,2,3\n")).hasMessageContaining("row 1 has 3 fields");
    assertThatThrownBy(() -> parse("a,a\n1,2\n")).hasMessageContaining("column \"a\" twice");
    assertThatThrownBy(() -> parse("a\n\"open\n"))
        .hasMessageContaining("line 2: a quoted field is not closed");
    assertThatThrownBy(() -> parse("a,b\n\"x\"y,2\n"))
        .hasMessageContaining("line 2: a character after the closing quote");
    assertThatThrownBy(() -> csv.parse(new byte[] {'a', '\n', (byte) 0xC3, '\n'}))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void onlyTheColumnsOfTagAddressesAreKept() throws Exception {
    assertThat(parse("part,other,pass\nA-1,x,1\n").get(0).fields())
        .isEqualTo(Map.of("part", "A-1", "pass", "1"));
  }

  @Test
  void moreRowsThanTheLimitAreRefused() throws Exception {
    CsvResults two = new CsvResults(',', StandardCharsets.UTF_8, 2, COLUMNS);
    assertThat(two.parse("a\n1\n2\n".getBytes(StandardCharsets.UTF_8))).hasSize(2);
    assertThatThrownBy(() -> two.parse("a\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("more than 2 result rows");
  }
}
