package io.millwright.connect.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV as RFC 4180 writes it, and as machines actually write it: a header row naming the columns,
 * then one result per row; fields in double quotes may hold the delimiter, line breaks and doubled
 * quotes; lines end in CRLF, LF or CR; a byte order mark and blank lines are skipped. The delimiter
 * is configurable because European machines often write semicolons. A file that breaks these rules
 * is refused whole rather than guessed at: a shifted column would put values on the wrong tags.
 *
 * <p>Rows are taken one at a time and only the columns of tag addresses are kept, so a file of a
 * million tiny fields costs one row of memory, not a million strings.
 */
final class CsvResults implements ResultParser {

  private final char delimiter;
  private final Charset charset;
  private final int maxRows;
  private final Set<String> addresses;

  /**
   * @param addresses the column names kept; the others are checked for shape only
   */
  CsvResults(char delimiter, Charset charset, int maxRows, List<String> addresses) {
    this.delimiter = delimiter;
    this.charset = charset;
    this.maxRows = maxRows;
    this.addresses = new LinkedHashSet<>(addresses);
  }

  @Override
  public List<ResultRecord> parse(byte[] content) throws BadFileException {
    Rows rows = new Rows();
    new Tokenizer(decode(content), delimiter, rows).run();
    if (rows.header == null) {
      throw new BadFileException("the file is empty: no header row");
    }
    if (rows.records.isEmpty()) {
      throw new BadFileException("the file has a header but no result row");
    }
    return rows.records;
  }

  /** Turns the header into column positions and each later row into a result. */
  private final class Rows {

    List<String> header;
    final Map<String, Integer> columns = new LinkedHashMap<>();
    final List<ResultRecord> records = new ArrayList<>();

    void accept(List<String> row) throws BadFileException {
      if (header == null) {
        header(row);
        return;
      }
      int number = records.size() + 1;
      if (number > maxRows) {
        throw new BadFileException("more than " + maxRows + " result rows (option maxRows)");
      }
      if (row.size() != header.size()) {
        throw new BadFileException(
            "row "
                + number
                + " has "
                + row.size()
                + " fields, the header "
                + header.size()
                + " (a delimiter inside an unquoted field?)");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      columns.forEach((name, index) -> fields.put(name, row.get(index)));
      records.add(new ResultRecord("row " + number, fields));
    }

    private void header(List<String> row) throws BadFileException {
      header = row.stream().map(String::strip).toList();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        Integer first = seen.putIfAbsent(header.get(i), i + 1);
        if (first != null) {
          throw new BadFileException(
              "the header names column \""
                  + header.get(i)
                  + "\" twice (columns "
                  + first
                  + " and "
                  + (i + 1)
                  + ")");
        }
        if (addresses.contains(header.get(i))) {
          columns.put(header.get(i), i);
        }
      }
    }
  }

  private String decode(byte[] content) throws BadFileException {
    try {
      String text =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new BadFileException("the file is not valid " + charset.name() + " text");
    }
  }

  /** Splits text into rows of fields, handing each row on as it ends; one pass, no backtracking. */
  private static final class Tokenizer {

    private final String text;
    private final char delimiter;
    private final Rows sink;
    private List<String> row = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private int line = 1;

    Tokenizer(String text, char delimiter, Rows sink) {
      this.text = text;
      this.delimiter = delimiter;
      this.sink = sink;
    }

    void run() throws BadFileException {
      int i = 0;
      int n = text.length();
      boolean rowStarted = false;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '"' && field.isEmpty()) {
          // Only a quote that opens a field quotes it; one inside an unquoted field is kept.
          i = quoted(i + 1);
          rowStarted = true;
          continue;
        }
        if (c == delimiter) {
          endField();
          rowStarted = true;
        } else if (c == '\r' || c == '\n') {
          endRow(rowStarted);
          rowStarted = false;
          if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
            i++;
          }
          line++;
        } else {
          field.append(c);
          rowStarted = true;
        }
        i++;
      }
      endRow(rowStarted);
    }

    /** Reads a quoted field from just after its opening quote; returns the index after it. */
    private int quoted(int start) throws BadFileException {
      int openedOn = line;
      int i = start;
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (c == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          int after = i + 1;
          if (after < n) {
            char next = text.charAt(after);
            if (next != delimiter && next != '\r' && next != '\n') {
              throw new BadFileException(
                  "line " + line + ": a character after the closing quote of a field");
            }
          }
          return after;
        }
        if (c == '\n' || (c == '\r' && !(i + 1 < n && text.charAt(i + 1) == '\n'))) {
          line++;
        }
        field.append(c);
        i++;
      }
      throw new BadFileException(
          "line " + openedOn + ": a quoted field is not closed before the end of the file");
    }

    private void endField() {
      row.add(field.toString());
      field.setLength(0);
    }

    /** A line with nothing on it is skipped: trailing newlines, blank lines between results. */
    private void endRow(boolean rowStarted) throws BadFileException {
      if (!rowStarted) {
        return;
      }
      endField();
      sink.accept(row);
      row = new ArrayList<>();
    }
  }
}
