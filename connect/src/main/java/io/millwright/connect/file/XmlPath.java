package io.millwright.connect.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a value sits in an XML result: element names from the root down, separated by slashes,
 * optionally ending in an attribute: {@code inspection/result/pass}, {@code
 * /inspection/result/@unit}. A step may pick one of several elements of the same name by an
 * attribute value, {@code inspection/feature[@name='bore']/deviation}. Names are local names
 * (namespace prefixes left out). A small subset of XPath on purpose: it is matched while streaming,
 * without building the document in memory.
 */
record XmlPath(List<Step> steps, Optional<String> attribute) {

  /** One element on the way down, with the attribute value that selects it, if any. */
  record Step(String name, Optional<String> whereAttribute, Optional<String> equals) {

    boolean matches(String localName, Map<String, String> attributes) {
      return name.equals(localName)
          && whereAttribute.map(a -> equals.get().equals(attributes.get(a))).orElse(true);
    }
  }

  private static final String NAME = "[\\p{L}_][\\p{L}\\p{N}_.\\-]*";
  private static final Pattern STEP =
      Pattern.compile("(" + NAME + ")(?:\\[@(" + NAME + ")=(?:'([^']*)'|\"([^\"]*)\")\\])?");
  private static final Pattern ATTRIBUTE = Pattern.compile("@(" + NAME + ")");

  /**
   * @throws IllegalArgumentException saying what is wrong and showing the accepted form
   */
  static XmlPath parse(String address) {
    String path = address.startsWith("/") ? address.substring(1) : address;
    String[] parts = path.split("/", -1);
    List<Step> steps = new ArrayList<>();
    Optional<String> attribute = Optional.empty();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      Matcher attr = ATTRIBUTE.matcher(part);
      if (i == parts.length - 1 && i > 0 && attr.matches()) {
        attribute = Optional.of(attr.group(1));
        continue;
      }
      Matcher step = STEP.matcher(part);
      if (!step.matches()) {
        throw new IllegalArgumentException(
            "\""
                + part
                + "\" is not an element step; write element names from the root down, e.g."
                + " inspection/result/pass, inspection/feature[@name='bore']/deviation or"
                + " inspection/result/@unit");
      }
      Optional<String> where = Optional.ofNullable(step.group(2));
      String value = step.group(3) != null ? step.group(3) : step.group(4);
      steps.add(new Step(step.group(1), where, Optional.ofNullable(value)));
    }
    return new XmlPath(List.copyOf(steps), attribute);
  }

  /** Whether the open elements, root first, are exactly this path's elements. */
  boolean matches(List<String> names, List<Map<String, String>> attributes) {
    if (names.size() != steps.size()) {
      return false;
    }
    for (int i = 0; i < steps.size(); i++) {
      if (!steps.get(i).matches(names.get(i), attributes.get(i))) {
        return false;
      }
    }
    return true;
  }
}
