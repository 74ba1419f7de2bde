package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the result readers with what a machine, a broken share or an attacker could leave in the
 * drop folder: any bytes are either results or a {@link BadFileException}; nothing else escapes,
 * and nothing is read past the row limit.
 */
class FileParsersPropertiesTest {

  private static final List<String> ADDRESSES =
      List.of("a", "/a/b", "r/v", "r/v/@u", "r/f[@n='x']/d", "pass");
  private static final int MAX_ROWS = 5;

  private static final List<ResultParser> PARSERS =
      List.of(
          new CsvResults(',', StandardCharsets.UTF_8, MAX_ROWS, ADDRESSES),
          new CsvResults(';', StandardCharsets.ISO_8859_1, MAX_ROWS, ADDRESSES),
          new JsonResults(ADDRESSES, MAX_ROWS),
          new XmlResults(ADDRESSES));

  @Property(tries = 3000)
  void anyBytesAreResultsOrABadFile(@ForAll("bytes") byte[] content) {
    PARSERS.forEach(p -> resultsOrBadFile(p, content));
  }

  /** Text made of each format's own punctuation reaches the deeper branches random bytes miss. */
  @Property(tries = 3000)
  void nearMissTextIsResultsOrABadFile(@ForAll("nearMisses") String text) {
    byte[] content = text.getBytes(StandardCharsets.UTF_8);
    PARSERS.forEach(p -> resultsOrBadFile(p, content));
  }

  private static void resultsOrBadFile(ResultParser parser, byte[] content) {
    try {
      List<ResultRecord> records = parser.parse(content);
      assertThat(records).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_ROWS);
    } catch (BadFileException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
  }

  @Provide
  Arbitrary<String> nearMisses() {
    return Arbitraries.of(
            "a",
            "b",
            ",",
            ";",
            "\"",
            "\r",
            "\n",
            "\r\n",
            "{",
            "}",
            "[",
            "]",
            ":",
            "\"a\"",
            "1",
            "true",
            "null",
            "<r>",
            "</r>",
            "<v u='1'>",
            "</v>",
            "<f n='x'>",
            "<d>",
            "</d>",
            "</f>",
            "<!DOCTYPE r>",
            "&amp;",
            "&x;",
            "<![CDATA[",
            "]]>",
            "\uFEFF",
            "<?xml?>",
            "\u00e9",
            " ")
        .list()
        .ofMaxSize(40)
        .map(parts -> String.join("", parts));
  }
}
