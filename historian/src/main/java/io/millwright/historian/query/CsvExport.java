package io.millwright.historian.query;

import io.millwright.historian.store.StoredSample;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * Raw samples as CSV (RFC 4180) for spreadsheets and scripts: a header {@code
 * timestamp,tag,value,quality}, then one row per sample. Timestamps are ISO-8601 UTC with
 * milliseconds always written, so that they sort as text and line up in a column.
 */
final class CsvExport {

  static final String HEADER = "timestamp,tag,value,quality";

  /** RFC 4180 ends lines with CRLF; spreadsheet programs expect it. */
  static final String NEWLINE = "\r\n";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private CsvExport() {}

  static void header(Writer out) throws IOException {
    out.write(HEADER);
    out.write(NEWLINE);
  }

  /** Writes the samples as rows, without holding more than the one being written. */
  static void rows(Stream<StoredSample> samples, Writer out) throws IOException {
    for (var it = samples.iterator(); it.hasNext(); ) {
      StoredSample s = it.next();
      out.write(TIMESTAMP.format(Instant.ofEpochMilli(s.timestamp())));
      out.write(',');
      out.write(field(s.tag()));
      out.write(',');
      out.write(field(s.value().toString()));
      out.write(',');
      out.write(field(s.quality().toString()));
      out.write(NEWLINE);
    }
  }

  /** A field quoted when it holds a comma, a quote or a line break; quotes inside doubled. */
  static String field(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
