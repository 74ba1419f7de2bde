package io.millwright.core.namespace;

/**
 * A name or path that the namespace rejects. The message says what was checked, what is wrong and
 * at which character, so a plant engineer can fix a configuration file without reading code.
 */
public final class InvalidNameException extends IllegalArgumentException {

  private final String subject;
  private final String value;
  private final int position;

  InvalidNameException(String subject, String value, int position, String problem) {
    super(format(subject, value, position, problem));
    this.subject = subject;
    this.value = value;
    this.position = position;
  }

  private static String format(String subject, String value, int position, String problem) {
    String shown = value == null ? "null" : '"' + printable(value) + '"';
    String where = position >= 0 ? " at character " + (position + 1) : "";
    return "invalid " + subject + " " + shown + where + ": " + problem;
  }

  /** Control characters are shown escaped so an error message never carries them into a log. */
  private static String printable(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 80));
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > 80) {
      out.append("...");
    }
    return out.toString();
  }

  /** What was being checked, for instance "area name" or "tag path". */
  public String subject() {
    return subject;
  }

  public String value() {
    return value;
  }

  /** Zero-based index of the offending character, or -1 when the problem is the whole value. */
  public int position() {
    return position;
  }
}
