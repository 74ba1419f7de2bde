package io.millwright.uns.sparkplug;

import java.nio.charset.StandardCharsets;

/**
 * The payload of a Sparkplug 3.0 host application's STATE message, {@code
 * {"online":true,"timestamp":1700000000000}} (Sparkplug 3.0, 7.1.1 "Birth Certificate Message
 * (STATE)", tck-id-host-topic-phid-birth-payload). The timestamp is the UTC epoch milliseconds of
 * the host's MQTT CONNECT; edge nodes ignore a STATE older than the last one they saw
 * (tck-id-operational-behavior-edge-node-birth-sequence-wait).
 */
public record HostStatus(boolean online, long timestamp) {

  /** A STATE payload is a few dozen bytes; anything large is not one. */
  static final int MAX_BYTES = 4096;

  public byte[] toJson() {
    return ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a STATE payload: a JSON object with a boolean {@code online} and an integer {@code
   * timestamp}; other members are skipped.
   *
   * @throws SparkplugDecodeException when it is not such an object
   */
  public static HostStatus parse(byte[] json) throws SparkplugDecodeException {
    if (json.length > MAX_BYTES) {
      throw new SparkplugDecodeException(
          "the STATE payload is " + json.length + " bytes; the limit is " + MAX_BYTES);
    }
    return new Reader(new String(json, StandardCharsets.UTF_8)).read();
  }

  /** Just enough JSON for a flat object of literals; nested values are skipped, not interpreted. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    HostStatus read() throws SparkplugDecodeException {
      Boolean online = null;
      Long timestamp = null;
      expect('{');
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          String key = string();
          expect(':');
          switch (key) {
            case "online" -> online = bool();
            case "timestamp" -> timestamp = integer();
            default -> skipValue(0);
          }
          char c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw fail("expected ',' or '}'");
          }
        }
      }
      if (peek() != 0) {
        throw fail("unexpected text after the object");
      }
      if (online == null || timestamp == null) {
        throw new SparkplugDecodeException(
            "the STATE payload needs \"online\" (true or false) and \"timestamp\" (epoch ms)");
      }
      return new HostStatus(online, timestamp);
    }

    private boolean bool() throws SparkplugDecodeException {
      skipSpace();
      if (s.startsWith("true", i)) {
        i += 4;
        return true;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return false;
      }
      throw fail("\"online\" must be true or false");
    }

    private long integer() throws SparkplugDecodeException {
      skipSpace();
      int start = i;
      if (i < s.length() && s.charAt(i) == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      try {
        return Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw fail("\"timestamp\" must be an integer of epoch milliseconds");
      }
    }

    private String string() throws SparkplugDecodeException {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (i >= s.length()) {
            break;
          }
          out.append(s.charAt(i++));
        } else {
          out.append(c);
        }
      }
      throw fail("unterminated string");
    }

    private void skipValue(int depth) throws SparkplugDecodeException {
      if (depth > 16) {
        throw fail("nested too deeply");
      }
      char c = peek();
      if (c == '"') {
        string();
      } else if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        i++;
        if (peek() == close) {
          i++;
          return;
        }
        while (true) {
          if (close == '}') {
            string();
            expect(':');
          }
          skipValue(depth + 1);
          char n = next();
          if (n == close) {
            return;
          }
          if (n != ',') {
            throw fail("expected ',' or '" + close + "'");
          }
        }
      } else {
        int start = i;
        while (i < s.length() && "{}[],: \t\r\n\"".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        if (i == start) {
          throw fail("expected a value");
        }
      }
    }

    private void expect(char c) throws SparkplugDecodeException {
      if (next() != c) {
        throw fail("expected '" + c + "'");
      }
    }

    private char next() {
      char c = peek();
      if (c != 0) {
        i++;
      }
      return c;
    }

    private char peek() {
      skipSpace();
      return i < s.length() ? s.charAt(i) : 0;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private SparkplugDecodeException fail(String problem) {
      return new SparkplugDecodeException(
          "the STATE payload is not valid: " + problem + " at character " + (i + 1));
    }
  }
}
