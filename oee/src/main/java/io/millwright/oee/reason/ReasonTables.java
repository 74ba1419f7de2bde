package io.millwright.oee.reason;

import io.millwright.core.machine.StateModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The site's stop reason tables, one per kind of machine, by name. The table {@value
 * io.millwright.core.machine.StateModel#DEFAULT_REASON_TABLE} is the plant's shared one; a site
 * that does not configure it gets {@link #STANDARD}.
 */
public final class ReasonTables {

  /** The shared table of DEMO-PLANT.md, a common set for discrete manufacturing. */
  public static final List<Reason> STANDARD =
      List.of(
          new Reason(100, "no order"),
          new Reason(110, "material shortage"),
          new Reason(120, "no operator"),
          new Reason(200, "setup/changeover"),
          new Reason(210, "tool change"),
          new Reason(300, "quality check"),
          new Reason(400, "planned maintenance"),
          new Reason(410, "break"),
          new Reason(500, "mechanical fault"),
          new Reason(510, "hydraulic fault"),
          new Reason(520, "electrical fault"),
          new Reason(530, "overheating"),
          new Reason(600, "upstream starved"),
          new Reason(610, "downstream blocked"));

  private final Map<String, Map<Integer, Reason>> tables;

  private ReasonTables(Map<String, Map<Integer, Reason>> tables) {
    this.tables = tables;
  }

  /**
   * @param configured tables by name; the standard one is added unless configured
   * @throws IllegalArgumentException for a code listed twice in one table
   */
  public static ReasonTables of(Map<String, List<Reason>> configured) {
    Map<String, Map<Integer, Reason>> out = new LinkedHashMap<>();
    out.put(StateModel.DEFAULT_REASON_TABLE, index("standard", STANDARD));
    configured.forEach((name, reasons) -> out.put(name, index(name, reasons)));
    return new ReasonTables(Collections.unmodifiableMap(out));
  }

  private static Map<Integer, Reason> index(String table, List<Reason> reasons) {
    Map<Integer, Reason> byCode = new TreeMap<>();
    for (Reason r : reasons) {
      if (byCode.put(r.code(), r) != null) {
        throw new IllegalArgumentException(
            "reason table " + table + " lists the code " + r.code() + " twice");
      }
    }
    return Collections.unmodifiableMap(byCode);
  }

  public boolean has(String table) {
    return tables.containsKey(table);
  }

  public Set<String> names() {
    return tables.keySet();
  }

  public Optional<Reason> find(String table, int code) {
    Map<Integer, Reason> t = tables.get(table);
    return t == null ? Optional.empty() : Optional.ofNullable(t.get(code));
  }

  /** The label of a code, or a plain description of an unknown one (never a crash). */
  public String label(String table, int code) {
    if (code == 0) {
      return "unclassified";
    }
    return find(table, code).map(Reason::label).orElse("unknown reason code " + code);
  }

  public List<Reason> table(String table) {
    Map<Integer, Reason> t = tables.get(table);
    return t == null ? List.of() : List.copyOf(t.values());
  }
}
