package io.millwright.historian.postgres;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;

/**
 * Writes samples as rows of PostgreSQL's COPY text format, in the column order of the staging
 * table: tag_id, ts, kind, severity, num, lng, txt, reason.
 */
final class CopyText {

  private static final String NULL = "\\N";

  private final StringBuilder out;

  CopyText(int rows) {
    out = new StringBuilder(rows * 48);
  }

  void add(int tagId, StoredSample sample) {
    out.append(tagId).append('\t').append(sample.timestamp()).append('\t');
    Value value = sample.value();
    out.append(kind(value)).append('\t').append(severity(sample.quality())).append('\t');
    switch (value) {
      case Value.Float64 d -> out.append(d.value()).append('\t').append(NULL).append('\t');
      case Value.Int64 l -> out.append(NULL).append('\t').append(l.value()).append('\t');
      case Value.Bool b -> out.append(NULL).append('\t').append(b.value() ? 1 : 0).append('\t');
      case Value.Text t -> out.append(NULL).append('\t').append(NULL).append('\t');
    }
    if (value instanceof Value.Text t) {
      text(t.value());
    } else {
      out.append(NULL);
    }
    out.append('\t');
    if (sample.quality().isGood()) {
      out.append(NULL);
    } else {
      text(sample.quality().reason());
    }
    out.append('\n');
  }

  /** The rows so far; Double.toString's NaN, Infinity and exponents are all valid float8 input. */
  String rows() {
    return out.toString();
  }

  static int kind(Value value) {
    return switch (value) {
      case Value.Bool b -> 0;
      case Value.Int64 l -> 1;
      case Value.Float64 d -> 2;
      case Value.Text t -> 3;
    };
  }

  static int severity(Quality quality) {
    return quality.severity().ordinal();
  }

  private void text(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        // PostgreSQL text cannot hold NUL; rather than refuse the whole batch forever, the one
        // character is stored as the replacement character.
        case '\0' -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
  }
}
