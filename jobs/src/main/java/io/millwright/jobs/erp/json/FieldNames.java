package io.millwright.jobs.erp.json;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON field names of an order, so a site can read an ERP that calls the order number {@code
 * AUFNR} without code: the generic part of the generic REST adapter. The envelope of a batch
 * ({@code orders}, {@code cursor}) and the confirmation's fields keep their documented names.
 */
public record FieldNames(
    String orderNumber,
    String operation,
    String product,
    String quantity,
    String machine,
    String setpoints,
    String idealCycleSeconds,
    String plannedStart,
    String plannedEnd,
    String priority) {

  /** The documented names. */
  public static final FieldNames DEFAULT =
      new FieldNames(
          "orderNumber",
          "operation",
          "product",
          "quantity",
          "machine",
          "setpoints",
          "idealCycleSeconds",
          "plannedStart",
          "plannedEnd",
          "priority");

  private static final int MAX_NAME = 128;

  public FieldNames {
    Set<String> seen = new LinkedHashSet<>();
    for (String name :
        List.of(
            orderNumber,
            operation,
            product,
            quantity,
            machine,
            setpoints,
            idealCycleSeconds,
            plannedStart,
            plannedEnd,
            priority)) {
      Objects.requireNonNull(name, "field name");
      if (name.isBlank()
          || name.length() > MAX_NAME
          || name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "a field name must be 1 to "
                + MAX_NAME
                + " printable characters, not \""
                + name
                + "\"");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("field name \"" + name + "\" is used twice");
      }
    }
  }

  /**
   * The default names with some renamed, as a site's configuration gives them.
   *
   * @param renames documented name to the site's name, e.g. {@code orderNumber -> AUFNR}
   * @throws IllegalArgumentException for a key that is not a documented name, or two fields given
   *     the same name
   */
  public static FieldNames of(Map<String, String> renames) {
    Map<String, String> names = new LinkedHashMap<>(DEFAULT.asMap());
    for (Map.Entry<String, String> e : renames.entrySet()) {
      if (!names.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown order field \""
                + e.getKey()
                + "\"; the fields are "
                + String.join(", ", names.keySet()));
      }
      names.put(e.getKey(), e.getValue());
    }
    return new FieldNames(
        names.get("orderNumber"),
        names.get("operation"),
        names.get("product"),
        names.get("quantity"),
        names.get("machine"),
        names.get("setpoints"),
        names.get("idealCycleSeconds"),
        names.get("plannedStart"),
        names.get("plannedEnd"),
        names.get("priority"));
  }

  /** Documented name to this site's name, in the documented order. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("orderNumber", orderNumber);
    m.put("operation", operation);
    m.put("product", product);
    m.put("quantity", quantity);
    m.put("machine", machine);
    m.put("setpoints", setpoints);
    m.put("idealCycleSeconds", idealCycleSeconds);
    m.put("plannedStart", plannedStart);
    m.put("plannedEnd", plannedEnd);
    m.put("priority", priority);
    return m;
  }
}
