package io.millwright.connect.file;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.time.Durations;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code options} of a file-drop machine, checked once when the connector is created.
 *
 * @param format the result format; empty to go by each file's extension
 * @param pattern glob over file names in the drop folder; empty for the format's extensions in any
 *     letter case
 * @param stableFor how long size and modification time must stay the same before a file counts as
 *     completely written; zero for machines that write under a temporary name and rename
 * @param marker the suffix of the marker file ({@code .done}: {@code r.csv.done} says {@code r.csv}
 *     is complete); when set, only marked files are read and {@code stableFor} does not apply
 * @param timestampField the address of the result's time; empty to use the file's modification time
 * @param outbox where job files go; relative to the drop folder unless absolute
 * @param jobFormat json or csv
 * @param jobWindow writes that arrive within this time of the first go into one job file, so that a
 *     job dispatched as several tag writes reaches the machine as one file
 * @param maxFileBytes larger files go to {@code error/} unread
 * @param maxRows results per file (CSV rows, JSON array elements)
 * @param delimiter CSV field separator
 * @param charset CSV text encoding (JSON and XML declare their own)
 */
record FileDropOptions(
    Optional<FileFormat> format,
    Optional<String> pattern,
    Duration stableFor,
    Optional<String> marker,
    Optional<String> timestampField,
    String outbox,
    FileFormat jobFormat,
    Duration jobWindow,
    long maxFileBytes,
    int maxRows,
    char delimiter,
    Charset charset) {

  static final Set<String> NAMES =
      new TreeSet<>(
          Set.of(
              "format",
              "pattern",
              "stableFor",
              "marker",
              "timestampField",
              "outbox",
              "jobFormat",
              "jobWindow",
              "maxFileBytes",
              "maxRows",
              "delimiter",
              "charset"));

  static final Duration MAX_WAIT = Duration.ofHours(1);
  static final long MAX_FILE_BYTES = 1L << 30;

  /**
   * @throws DefinitionException naming {@code options.<key>}
   */
  static FileDropOptions parse(Map<String, String> options) {
    Optional<FileFormat> format = Optional.empty();
    Optional<String> pattern = Optional.empty();
    Duration stableFor = Duration.ofSeconds(2);
    Optional<String> marker = Optional.empty();
    Optional<String> timestampField = Optional.empty();
    String outbox = "jobs";
    FileFormat jobFormat = FileFormat.JSON;
    Duration jobWindow = Duration.ofMillis(200);
    long maxFileBytes = 16L << 20;
    int maxRows = 10_000;
    char delimiter = ',';
    Charset charset = StandardCharsets.UTF_8;
    for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().strip();
      try {
        switch (key) {
          case "format" -> format = Optional.of(FileFormat.parse(value));
          case "pattern" -> pattern = Optional.of(plainName(value, "*.csv"));
          case "stableFor" -> stableFor = duration(value);
          case "marker" -> marker = Optional.of(marker(value));
          case "timestampField" -> timestampField = Optional.of(nonEmpty(value, "Timestamp"));
          case "outbox" -> outbox = nonEmpty(value, "/var/drop/cmm-01-jobs");
          case "jobFormat" -> jobFormat = jobFormat(value);
          case "jobWindow" -> jobWindow = duration(value);
          case "maxFileBytes" -> maxFileBytes = fileBytes(value);
          case "maxRows" -> maxRows = rows(value);
          case "delimiter" -> delimiter = delimiter(value, e.getValue());
          case "charset" -> charset = charset(value);
          default ->
              throw new IllegalArgumentException(
                  "is not a file-drop option; use " + String.join(", ", NAMES));
        }
      } catch (IllegalArgumentException ex) {
        throw new DefinitionException("options." + key, ex.getMessage());
      }
    }
    return new FileDropOptions(
        format,
        pattern,
        stableFor,
        marker,
        timestampField,
        outbox,
        jobFormat,
        jobWindow,
        maxFileBytes,
        maxRows,
        delimiter,
        charset);
  }

  /** The formats result files may come in: the one set, else all that a file extension names. */
  Set<FileFormat> formats() {
    return format.map(Set::of).orElse(Set.of(FileFormat.values()));
  }

  private static String nonEmpty(String value, String example) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("is empty; write e.g. " + example);
    }
    return value;
  }

  /** Only names inside the drop folder: a separator would reach into other folders. */
  private static String plainName(String value, String example) {
    nonEmpty(value, example);
    if (value.contains("/") || value.contains("\\")) {
      throw new IllegalArgumentException(
          "\""
              + value
              + "\" contains a path separator; it matches names in the drop folder only,"
              + " e.g. "
              + example);
    }
    return value;
  }

  private static String marker(String value) {
    plainName(value, ".done");
    if (!value.startsWith(".") || value.length() < 2) {
      throw new IllegalArgumentException(
          "\"" + value + "\" is not a file name suffix; write e.g. .done");
    }
    return value;
  }

  private static Duration duration(String value) {
    Duration d = Durations.parse(value);
    if (d.isNegative() || d.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(
          "must be between 0s and " + Durations.format(MAX_WAIT) + ", not " + value);
    }
    return d;
  }

  private static FileFormat jobFormat(String value) {
    FileFormat f = FileFormat.parse(value);
    if (f == FileFormat.XML) {
      throw new IllegalArgumentException("must be json or csv; job files are not written as xml");
    }
    return f;
  }

  private static long fileBytes(String value) {
    long n = ByteSizes.parse(value);
    if (n < 1 || n > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("must be between 1 byte and 1GB, not " + value);
    }
    return n;
  }

  private static int rows(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= 1_000_000) {
        return n;
      }
    } catch (NumberFormatException ex) {
      // Answered below with the accepted range.
    }
    throw new IllegalArgumentException(
        "must be a whole number from 1 to 1000000, not \"" + value + "\"");
  }

  /** Taken unstripped, so that a tab can be the delimiter; {@code \t} is accepted for it too. */
  private static char delimiter(String stripped, String raw) {
    String v = raw == null ? "" : raw;
    if ("\\t".equals(stripped) || "\t".equals(v)) {
      return '\t';
    }
    if (stripped.length() != 1 || "\"".equals(stripped)) {
      throw new IllegalArgumentException(
          "must be one character other than a quote, e.g. \",\" or \";\", not \"" + v + "\"");
    }
    return stripped.charAt(0);
  }

  private static Charset charset(String value) {
    try {
      return Charset.forName(value);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
      throw new IllegalArgumentException(
          "\"" + value + "\" is not a known character set; write e.g. UTF-8 or windows-1252");
    }
  }
}
