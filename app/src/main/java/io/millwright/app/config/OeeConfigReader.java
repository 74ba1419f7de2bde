package io.millwright.app.config;

import io.millwright.core.time.Durations;
import io.millwright.oee.calendar.CalendarException;
import io.millwright.oee.calendar.CalendarText;
import io.millwright.oee.calendar.PlannedDowntime;
import io.millwright.oee.calendar.Shift;
import io.millwright.oee.calendar.ShiftBreak;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.reason.Reason;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads the {@code oee} section of the configuration file: the shift calendar and the reason
 * tables. Every problem names the file, line and field, e.g. {@code oee.calendar.shifts[2].end}.
 *
 * <pre>
 * oee:
 *   calendar:
 *     zone: Europe/Rome
 *     shifts:
 *       - { name: early, start: "06:00", end: "14:00", breaks: [{ start: "10:00", length: 30m }] }
 *       - { name: late, start: "14:00", end: "22:00", days: [mon, tue, wed, thu, fri] }
 *     holidays: [2025-12-25]
 *     downtime:
 *       - { from: 2025-08-04T06:00:00+02:00, to: 2025-08-18T06:00:00+02:00, reason: summer shutdown }
 *   reasons:
 *     presses:
 *       - { code: 100, label: no order }
 * </pre>
 */
final class OeeConfigReader {

  static final String KEY = "oee";
  static final Set<String> KEYS = Set.of("calendar", "reasons");
  static final Set<String> CALENDAR_KEYS = Set.of("zone", "shifts", "holidays", "downtime");
  static final Set<String> SHIFT_KEYS = Set.of("name", "start", "end", "days", "breaks");
  static final Set<String> BREAK_KEYS = Set.of("start", "length");
  static final Set<String> DOWNTIME_KEYS = Set.of("from", "to", "reason", "machines");
  static final Set<String> REASON_KEYS = Set.of("code", "label");

  private final YamlFile yaml;
  private final Map<String, Node> nodes = new HashMap<>();

  private OeeConfigReader(YamlFile yaml) {
    this.yaml = yaml;
  }

  static OeeConfig read(YamlFile yaml, Node node) {
    return new OeeConfigReader(yaml).section(node);
  }

  private OeeConfig section(Node node) {
    Map<String, Node> f = fields(node, KEY, KEYS);
    Optional<ShiftCalendar> calendar =
        Optional.ofNullable(f.get("calendar")).map(n -> calendar(n, KEY + ".calendar"));
    Map<String, List<Reason>> reasons = new LinkedHashMap<>();
    Node tables = f.get("reasons");
    if (tables != null) {
      for (Map.Entry<String, Node> t : anyFields(tables, KEY + ".reasons").entrySet()) {
        reasons.put(t.getKey(), reasonTable(t.getValue(), KEY + ".reasons." + t.getKey()));
      }
    }
    return new OeeConfig(calendar, reasons);
  }

  private ShiftCalendar calendar(Node node, String path) {
    Map<String, Node> f = fields(node, path, CALENDAR_KEYS);
    ZoneId zone = value(f, "zone", path, ZoneId::of);
    if (zone == null) {
      throw error(path + ".zone", "is missing, e.g. Europe/Rome");
    }
    List<Shift> shifts = new ArrayList<>();
    List<Node> shiftNodes = list(f.get("shifts"), path + ".shifts");
    for (int i = 0; i < shiftNodes.size(); i++) {
      shifts.add(shift(shiftNodes.get(i), path + ".shifts[" + i + "]"));
    }
    Set<LocalDate> holidays = new TreeSet<>();
    List<Node> holidayNodes = list(f.get("holidays"), path + ".holidays");
    for (int i = 0; i < holidayNodes.size(); i++) {
      String field = path + ".holidays[" + i + "]";
      nodes.put(field, holidayNodes.get(i));
      holidays.add(parse(yaml.scalar(holidayNodes.get(i), field), field, LocalDate::parse));
    }
    List<PlannedDowntime> downtime = new ArrayList<>();
    List<Node> downtimeNodes = list(f.get("downtime"), path + ".downtime");
    for (int i = 0; i < downtimeNodes.size(); i++) {
      downtime.add(downtime(downtimeNodes.get(i), path + ".downtime[" + i + "]"));
    }
    try {
      return shifts.isEmpty()
          ? ShiftCalendar.always(zone, downtime)
          : new ShiftCalendar(zone, shifts, downtime, holidays);
    } catch (CalendarException e) {
      throw error(path + "." + e.field(), e.problem());
    }
  }

  private Shift shift(Node node, String path) {
    Map<String, Node> f = fields(node, path, SHIFT_KEYS);
    Set<DayOfWeek> days = null;
    if (f.get("days") != null) {
      days = EnumSet.noneOf(DayOfWeek.class);
      List<Node> dayNodes = list(f.get("days"), path + ".days");
      for (int i = 0; i < dayNodes.size(); i++) {
        String field = path + ".days[" + i + "]";
        nodes.put(field, dayNodes.get(i));
        days.add(parse(yaml.scalar(dayNodes.get(i), field), field, CalendarText::weekday));
      }
    }
    List<ShiftBreak> breaks = new ArrayList<>();
    List<Node> breakNodes = list(f.get("breaks"), path + ".breaks");
    for (int i = 0; i < breakNodes.size(); i++) {
      String b = path + ".breaks[" + i + "]";
      Map<String, Node> bf = fields(breakNodes.get(i), b, BREAK_KEYS);
      try {
        breaks.add(
            new ShiftBreak(
                value(bf, "start", b, LocalTime::parse), value(bf, "length", b, Durations::parse)));
      } catch (CalendarException e) {
        throw error(b + "." + e.field(), e.problem());
      }
    }
    try {
      return new Shift(
          value(f, "name", path, Function.identity()),
          value(f, "start", path, LocalTime::parse),
          value(f, "end", path, LocalTime::parse),
          days,
          breaks);
    } catch (CalendarException e) {
      throw error(path + "." + e.field(), e.problem());
    }
  }

  private PlannedDowntime downtime(Node node, String path) {
    Map<String, Node> f = fields(node, path, DOWNTIME_KEYS);
    Set<String> machines = new LinkedHashSet<>();
    List<Node> machineNodes = list(f.get("machines"), path + ".machines");
    for (int i = 0; i < machineNodes.size(); i++) {
      machines.add(yaml.scalar(machineNodes.get(i), path + ".machines[" + i + "]"));
    }
    try {
      return new PlannedDowntime(
          value(f, "from", path, CalendarText::instant),
          value(f, "to", path, CalendarText::instant),
          Optional.ofNullable(value(f, "reason", path, Function.identity()))
              .orElse("planned downtime"),
          machines);
    } catch (CalendarException e) {
      throw error(path + "." + e.field(), e.problem());
    }
  }

  private List<Reason> reasonTable(Node node, String path) {
    List<Reason> out = new ArrayList<>();
    Set<Integer> codes = new HashSet<>();
    List<Node> items = list(node, path);
    for (int i = 0; i < items.size(); i++) {
      String r = path + "[" + i + "]";
      Map<String, Node> f = fields(items.get(i), r, REASON_KEYS);
      Integer code = value(f, "code", r, Integer::parseInt);
      if (code == null) {
        throw error(r + ".code", "is missing");
      }
      if (!codes.add(code)) {
        throw error(r + ".code", code + " is listed twice in this table");
      }
      try {
        out.add(new Reason(code, value(f, "label", r, Function.identity())));
      } catch (IllegalArgumentException e) {
        throw error(r, e.getMessage());
      }
    }
    return out;
  }

  private List<Node> list(Node node, String path) {
    if (node == null) {
      return List.of();
    }
    nodes.put(path, node);
    return yaml.sequence(node, path).getValue();
  }

  private <T> T value(Map<String, Node> f, String key, String path, Function<String, T> parser) {
    Node node = f.get(key);
    if (node == null) {
      return null;
    }
    String field = path + "." + key;
    return parse(yaml.scalar(node, field), field, parser);
  }

  private <T> T parse(String text, String field, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (DateTimeParseException e) {
      throw error(field, "\"" + text + "\" is not understood: " + e.getMessage());
    } catch (RuntimeException e) {
      throw error(field, e.getMessage());
    }
  }

  private Map<String, Node> fields(Node node, String path, Set<String> allowed) {
    nodes.put(path, node);
    Map<String, Node> out = anyFields(node, path);
    for (String key : out.keySet()) {
      if (!allowed.contains(key)) {
        throw error(
            path + "." + key,
            "is not a known key; known keys here: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return out;
  }

  private Map<String, Node> anyFields(Node node, String path) {
    MappingNode mapping = yaml.mapping(node, path);
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = yaml.key(tuple, path);
      if (out.put(key, tuple.getValueNode()) != null) {
        throw new ConfigException(
            yaml.where(tuple.getKeyNode()), path + "." + key, "is given twice");
      }
      nodes.put(path + "." + key, tuple.getValueNode());
    }
    return out;
  }

  /** An error at the line of the field, or of its nearest enclosing object. */
  private ConfigException error(String field, String problem) {
    String probe = field;
    Node node = nodes.get(probe);
    while (node == null && !probe.isEmpty()) {
      int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
      probe = cut < 0 ? "" : probe.substring(0, cut);
      node = nodes.get(probe);
    }
    return new ConfigException(yaml.where(node), field, problem);
  }
}
