package io.millwright.uns.json;

/**
 * JSON text for the few places that write it by hand on hot paths (mirror payloads, datasets)
 * without a library.
 */
public final class JsonStrings {

  private JsonStrings() {}

  /**
   * Appends {@code text} as a JSON string per RFC 8259 section 7: quotes, backslash and control
   * characters escaped.
   */
  public static void append(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 15, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
