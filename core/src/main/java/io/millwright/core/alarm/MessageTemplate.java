package io.millwright.core.alarm;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * An alarm's message with values in it: {@code Bearing at {value} degC (limit {limit}) at {
 * spindle/speed} rpm}. A placeholder is one of {@link #WORDS} or the path of one of the machine's
 * tags (its latest value); {@code {{} and {@code }}} write braces.
 */
public final class MessageTemplate {

  /** Placeholders every alarm can fill. */
  public static final Set<String> WORDS =
      new LinkedHashSet<>(
          List.of("value", "limit", "machine", "alarm", "tag", "unit", "priority", "area"));

  private final String text;
  // Even indexes are literal text, odd ones placeholder names.
  private final List<String> parts;

  private MessageTemplate(String text, List<String> parts) {
    this.text = text;
    this.parts = parts;
  }

  /**
   * @throws DefinitionException on {@code message}, saying where the template is malformed
   */
  public static MessageTemplate parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DefinitionException("message", "is empty");
    }
    if (text.length() > 500) {
      throw new DefinitionException("message", "is longer than 500 characters");
    }
    List<String> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '}') {
        throw malformed(text, i, "a '}' without its '{' (write '}}' for a brace)");
      } else if (c == '{') {
        int end = text.indexOf('}', i + 1);
        if (end < 0) {
          throw malformed(text, i, "a '{' that is never closed");
        }
        String name = text.substring(i + 1, end).strip();
        if (name.isEmpty()) {
          throw malformed(text, i, "an empty placeholder");
        }
        if (name.indexOf('{') >= 0) {
          throw malformed(text, i, "a '{' inside a placeholder");
        }
        if (!WORDS.contains(name)) {
          try {
            Names.requireTagPath("placeholder", name);
          } catch (InvalidNameException e) {
            throw malformed(
                text,
                i,
                "\"" + name + "\" is neither one of " + String.join(", ", WORDS) + " nor a tag");
          }
        }
        parts.add(literal.toString());
        parts.add(name);
        literal.setLength(0);
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    parts.add(literal.toString());
    return new MessageTemplate(text, List.copyOf(parts));
  }

  private static DefinitionException malformed(String text, int at, String what) {
    return new DefinitionException(
        "message", "malformed at character " + (at + 1) + " of \"" + text + "\": " + what);
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /** The tag paths the message shows, besides the alarm's own value. */
  public List<String> tags() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i < parts.size(); i += 2) {
      if (!WORDS.contains(parts.get(i)) && !out.contains(parts.get(i))) {
        out.add(parts.get(i));
      }
    }
    return out;
  }

  /**
   * @param fill a placeholder's text; never null ("?" for a value not known yet)
   */
  public String render(Function<String, String> fill) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < parts.size(); i++) {
      out.append(i % 2 == 0 ? parts.get(i) : fill.apply(parts.get(i)));
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageTemplate m && m.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
