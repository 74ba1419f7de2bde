package io.millwright.core.namespace;

/**
 * The naming rules of the Unified Namespace. Names end up in MQTT topics, Sparkplug ids, Kubernetes
 * resource names and URLs, so they are kept to what is safe in all four: lowercase letters, digits
 * and inner hyphens (level names), plus underscores and dots inside tag path segments, which PLC
 * variable names often carry.
 */
public final class Names {

  /** Longest level name: the Kubernetes label value limit, so a machine id can name its pod. */
  public static final int MAX_NAME_LENGTH = 63;

  /** Longest tag path, well below MQTT's topic limit so a full UNS topic always fits. */
  public static final int MAX_TAG_PATH_LENGTH = 255;

  /** Deepest tag path; deeper trees are a sign of an address copied as a name. */
  public static final int MAX_TAG_DEPTH = 8;

  private Names() {}

  /**
   * Checks a level name (enterprise, site, area, line, machine id).
   *
   * @param subject what the name is, used in the error, e.g. "machine id"
   * @return the name, unchanged
   * @throws InvalidNameException saying what is wrong and where
   */
  public static String requireName(String subject, String name) {
    checkSegment(subject, name, name, 0, false);
    return name;
  }

  /**
   * Checks a tag path such as {@code spindle/bearing-temperature}: one to {@value #MAX_TAG_DEPTH}
   * segments separated by '/'.
   */
  public static String requireTagPath(String subject, String path) {
    if (path == null) {
      throw new InvalidNameException(subject, null, -1, "it is missing");
    }
    checkTagPath(subject, path, 0);
    return path;
  }

  /**
   * Checks a level name that sits at {@code offset} inside a longer path, reporting positions in
   * that path.
   */
  static void checkLevel(String subject, String whole, String name, int offset) {
    checkSegment(subject, whole, name, offset, false);
  }

  /** Checks the tag path that makes up {@code whole} from index {@code from} to its end. */
  static void checkTagPath(String subject, String whole, int from) {
    int length = whole.length() - from;
    if (length == 0) {
      throw new InvalidNameException(
          subject, whole, -1, from == 0 ? "it is empty" : "the tag path is missing");
    }
    if (length > MAX_TAG_PATH_LENGTH) {
      throw new InvalidNameException(
          subject,
          whole,
          from + MAX_TAG_PATH_LENGTH,
          "the tag path is " + length + " characters long; the limit is " + MAX_TAG_PATH_LENGTH);
    }
    int start = from;
    int depth = 0;
    while (true) {
      int slash = whole.indexOf('/', start);
      int end = slash < 0 ? whole.length() : slash;
      depth++;
      if (depth > MAX_TAG_DEPTH) {
        throw new InvalidNameException(
            subject, whole, start, "the tag path has more than " + MAX_TAG_DEPTH + " segments");
      }
      checkSegment(subject, whole, whole.substring(start, end), start, true);
      if (slash < 0) {
        return;
      }
      start = slash + 1;
    }
  }

  /**
   * Checks one segment in place. {@code offset} is where the segment starts inside {@code whole},
   * so the reported position points into what the user wrote.
   */
  private static void checkSegment(
      String subject, String whole, String segment, int offset, boolean tagSegment) {
    if (segment == null) {
      throw new InvalidNameException(subject, null, -1, "it is missing");
    }
    if (segment.isEmpty()) {
      String problem;
      if (whole.isEmpty()) {
        problem = "it is empty";
      } else if (offset >= whole.length()) {
        problem = "it ends with '/'";
      } else if (offset == 0) {
        problem = "it starts with '/'";
      } else {
        problem = "it has an empty segment ('//')";
      }
      throw new InvalidNameException(
          subject, whole, whole.isEmpty() ? -1 : Math.min(offset, whole.length() - 1), problem);
    }
    if (segment.length() > MAX_NAME_LENGTH) {
      throw new InvalidNameException(
          subject,
          whole,
          offset + MAX_NAME_LENGTH,
          (tagSegment ? "a segment" : "it")
              + " is "
              + segment.length()
              + " characters long; the limit is "
              + MAX_NAME_LENGTH);
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean lowerOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (lowerOrDigit) {
        continue;
      }
      boolean inner = i > 0 && i < segment.length() - 1;
      if (c == '-' || (tagSegment && (c == '_' || c == '.'))) {
        if (inner) {
          continue;
        }
        throw new InvalidNameException(
            subject,
            whole,
            offset + i,
            (tagSegment ? "a segment" : "a name")
                + " must start and end with a lowercase letter or digit, not '"
                + c
                + "'");
      }
      throw new InvalidNameException(subject, whole, offset + i, describe(c, tagSegment));
    }
  }

  private static String describe(char c, boolean tagSegment) {
    String allowed =
        tagSegment
            ? "use lowercase letters, digits, '-', '_' and '.', with '/' between segments"
            : "use lowercase letters, digits and '-'";
    if (c >= 'A' && c <= 'Z') {
      return "uppercase '" + c + "' is not allowed; " + allowed;
    }
    if (c == '+' || c == '#') {
      return "'" + c + "' is an MQTT wildcard; " + allowed;
    }
    if (c == '/') {
      return "'/' separates levels and cannot be part of a name; " + allowed;
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format("control character U+%04X is not allowed; %s", (int) c, allowed);
    }
    if (c == ' ') {
      return "a space is not allowed; " + allowed;
    }
    return "'" + c + "' is not allowed; " + allowed;
  }
}
