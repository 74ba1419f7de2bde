package io.millwright.uns.sparkplug;

/**
 * A topic that is not a Sparkplug B 3.0 topic. The message names what is wrong and the character
 * where it goes wrong, so a log line is enough to find the sender's mistake.
 */
public final class InvalidTopicException extends IllegalArgumentException {

  private final int position;

  InvalidTopicException(String topic, int position, String problem) {
    super(
        "invalid Sparkplug topic \""
            + printable(topic)
            + "\""
            + (position >= 0 ? " at character " + (position + 1) : "")
            + ": "
            + problem);
    this.position = position;
  }

  /** Zero-based index of the offending character, or -1 when the problem is the whole topic. */
  public int position() {
    return position;
  }

  private static String printable(String topic) {
    StringBuilder out = new StringBuilder(Math.min(topic.length(), 120));
    for (int i = 0; i < topic.length() && i < 120; i++) {
      char c = topic.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append("\\u").append(String.format("%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (topic.length() > 120) {
      out.append("...");
    }
    return out.toString();
  }
}
