package io.millwright.operator.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.millwright.core.machine.StateModel;
import io.millwright.core.time.Durations;
import io.millwright.oee.calendar.CalendarException;
import io.millwright.oee.calendar.CalendarText;
import io.millwright.oee.calendar.PlannedDowntime;
import io.millwright.oee.calendar.Shift;
import io.millwright.oee.calendar.ShiftBreak;
import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.reason.Reason;
import io.millwright.oee.reason.ReasonTables;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Site's {@code oee} section: checked by building what the {@code oee} role builds from it (the
 * shift calendar, the reason tables), so a Site the role would refuse at start is refused here with
 * the field; and written as the configuration file's {@code oee:} section, in the shape the app's
 * configuration loader reads (docs/oee.md).
 */
final class OeeSection {

  static final String FIELD = "spec.oee";

  /**
   * A Site whose oee (or alarms, {@link AlarmsSection}, or jobs, {@link JobsSection}) section
   * cannot be used: the message is {@code field: problem}.
   */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Problem(String field, String problem) {
      super(field + ": " + problem, null, false, false);
    }
  }

  /** Double quotes on every string: "06:00" must stay text for any YAML reader. */
  private static final ObjectMapper YAML =
      JsonMapper.builder(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES))
          .build();

  private OeeSection() {}

  /**
   * The reason tables machines may name: the built-in standard one and the Site's.
   *
   * @throws Problem naming the field below {@code spec.oee}
   */
  static ReasonTables check(SiteSpec.Oee oee) {
    if (oee == null) {
      return ReasonTables.of(Map.of());
    }
    if (oee.calendar != null) {
      calendar(oee.calendar, FIELD + ".calendar");
    }
    Map<String, List<Reason>> tables = new TreeMap<>();
    if (oee.reasons != null) {
      oee.reasons.forEach(
          (name, reasons) -> tables.put(name, reasonTable(reasons, FIELD + ".reasons." + name)));
    }
    return ReasonTables.of(tables);
  }

  /** A machine's reason table that the Site does not have, with the ones it has; else null. */
  static String unknownTable(ReasonTables tables, String table) {
    if (tables.has(table)) {
      return null;
    }
    List<String> known = new ArrayList<>();
    known.add(StateModel.DEFAULT_REASON_TABLE);
    tables.names().stream()
        .filter(n -> !n.equals(StateModel.DEFAULT_REASON_TABLE))
        .sorted()
        .forEach(known::add);
    return "\""
        + table
        + "\" is not a reason table of the Site; spec.oee.reasons has "
        + String.join(", ", known);
  }

  static ShiftCalendar calendar(SiteSpec.Calendar c, String path) {
    ZoneId zone = value(c.zone, path + ".zone", ZoneId::of);
    if (zone == null) {
      throw new Problem(path + ".zone", "is missing, e.g. Europe/Rome");
    }
    List<Shift> shifts = new ArrayList<>();
    List<SiteSpec.Shift> shiftSpecs = c.shifts == null ? List.of() : c.shifts;
    for (int i = 0; i < shiftSpecs.size(); i++) {
      shifts.add(shift(shiftSpecs.get(i), path + ".shifts[" + i + "]"));
    }
    Set<LocalDate> holidays = new TreeSet<>();
    List<String> holidaySpecs = c.holidays == null ? List.of() : c.holidays;
    for (int i = 0; i < holidaySpecs.size(); i++) {
      holidays.add(value(holidaySpecs.get(i), path + ".holidays[" + i + "]", LocalDate::parse));
    }
    List<PlannedDowntime> downtime = new ArrayList<>();
    List<SiteSpec.Downtime> downtimeSpecs = c.downtime == null ? List.of() : c.downtime;
    for (int i = 0; i < downtimeSpecs.size(); i++) {
      downtime.add(downtime(downtimeSpecs.get(i), path + ".downtime[" + i + "]"));
    }
    try {
      return shifts.isEmpty()
          ? ShiftCalendar.always(zone, downtime)
          : new ShiftCalendar(zone, shifts, downtime, holidays);
    } catch (CalendarException e) {
      throw new Problem(path + "." + e.field(), e.problem());
    }
  }

  private static Shift shift(SiteSpec.Shift s, String path) {
    if (s == null) {
      throw new Problem(path, "is missing");
    }
    Set<DayOfWeek> days = null;
    if (s.days != null) {
      days = EnumSet.noneOf(DayOfWeek.class);
      for (int i = 0; i < s.days.size(); i++) {
        days.add(value(s.days.get(i), path + ".days[" + i + "]", CalendarText::weekday));
      }
    }
    List<ShiftBreak> breaks = new ArrayList<>();
    List<SiteSpec.Break> breakSpecs = s.breaks == null ? List.of() : s.breaks;
    for (int i = 0; i < breakSpecs.size(); i++) {
      String b = path + ".breaks[" + i + "]";
      SiteSpec.Break spec = breakSpecs.get(i);
      if (spec == null) {
        throw new Problem(b, "is missing");
      }
      try {
        breaks.add(
            new ShiftBreak(
                value(spec.start, b + ".start", LocalTime::parse),
                value(spec.length, b + ".length", Durations::parse)));
      } catch (CalendarException e) {
        throw new Problem(b + "." + e.field(), e.problem());
      }
    }
    try {
      return new Shift(
          s.name,
          value(s.start, path + ".start", LocalTime::parse),
          value(s.end, path + ".end", LocalTime::parse),
          days,
          breaks);
    } catch (CalendarException e) {
      throw new Problem(path + "." + e.field(), e.problem());
    }
  }

  private static PlannedDowntime downtime(SiteSpec.Downtime d, String path) {
    if (d == null) {
      throw new Problem(path, "is missing");
    }
    try {
      return new PlannedDowntime(
          value(d.from, path + ".from", CalendarText::instant),
          value(d.to, path + ".to", CalendarText::instant),
          d.reason == null ? "planned downtime" : d.reason,
          d.machines == null ? null : new LinkedHashSet<>(d.machines));
    } catch (CalendarException e) {
      throw new Problem(path + "." + e.field(), e.problem());
    }
  }

  private static List<Reason> reasonTable(List<SiteSpec.Reason> reasons, String path) {
    List<Reason> out = new ArrayList<>();
    Set<Integer> codes = new HashSet<>();
    List<SiteSpec.Reason> items = reasons == null ? List.of() : reasons;
    for (int i = 0; i < items.size(); i++) {
      String r = path + "[" + i + "]";
      SiteSpec.Reason reason = items.get(i);
      if (reason == null || reason.code == null) {
        throw new Problem(r + ".code", "is missing");
      }
      if (!codes.add(reason.code)) {
        throw new Problem(r + ".code", reason.code + " is listed twice in this table");
      }
      try {
        out.add(new Reason(reason.code, reason.label));
      } catch (IllegalArgumentException e) {
        throw new Problem(r, e.getMessage());
      }
    }
    return out;
  }

  /** Null stays null (the domain's own check names it missing); unparsable text names the field. */
  private static <T> T value(String text, String field, Function<String, T> parser) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (DateTimeException e) {
      throw new Problem(field, "\"" + text + "\" is not understood: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Problem(field, e.getMessage());
    }
  }

  /**
   * The configuration file of the pods that read the machines: its {@code oee:} section, keys as
   * docs/oee.md writes them. Reason tables in name order, so the text (and the pods' config hash)
   * does not depend on the order the API server returned them in.
   */
  static String configFile(SiteSpec.Oee oee) {
    return configFile(oee, null);
  }

  /**
   * The configuration file with the Site's {@code oee} and {@code alarms} sections, each when
   * given; the file of the pods that run the alarms role.
   */
  static String configFile(SiteSpec.Oee oee, SiteSpec.Alarms alarms) {
    return configFile(oee, alarms, null);
  }

  /**
   * The configuration file with the Site's {@code oee}, {@code alarms} and {@code jobs} sections,
   * each when given: a pod gets the sections of the roles it runs (and {@code oee}, which every pod
   * that reads machines checks them against).
   */
  static String configFile(SiteSpec.Oee oee, SiteSpec.Alarms alarms, SiteSpec.Jobs jobs) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (oee != null) {
      root.set("oee", section(oee));
    }
    if (alarms != null) {
      root.set("alarms", AlarmsSection.section(alarms));
    }
    if (jobs != null) {
      root.set("jobs", JobsSection.section(jobs));
    }
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode section(SiteSpec.Oee oee) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode section = f.objectNode();
    if (oee.calendar != null) {
      SiteSpec.Calendar c = oee.calendar;
      ObjectNode calendar = section.putObject("calendar");
      calendar.put("zone", c.zone);
      if (c.shifts != null) {
        ArrayNode shifts = calendar.putArray("shifts");
        for (SiteSpec.Shift s : c.shifts) {
          ObjectNode shift = shifts.addObject();
          shift.put("name", s.name);
          shift.put("start", s.start);
          shift.put("end", s.end);
          if (s.days != null) {
            s.days.forEach(shift.putArray("days")::add);
          }
          if (s.breaks != null) {
            ArrayNode breaks = shift.putArray("breaks");
            for (SiteSpec.Break b : s.breaks) {
              breaks.addObject().put("start", b.start).put("length", b.length);
            }
          }
        }
      }
      if (c.holidays != null) {
        c.holidays.forEach(calendar.putArray("holidays")::add);
      }
      if (c.downtime != null) {
        ArrayNode downtime = calendar.putArray("downtime");
        for (SiteSpec.Downtime d : c.downtime) {
          ObjectNode node = downtime.addObject().put("from", d.from).put("to", d.to);
          if (d.reason != null) {
            node.put("reason", d.reason);
          }
          if (d.machines != null) {
            d.machines.forEach(node.putArray("machines")::add);
          }
        }
      }
    }
    if (oee.reasons != null) {
      ObjectNode reasons = section.putObject("reasons");
      new TreeMap<>(oee.reasons)
          .forEach(
              (name, table) -> {
                ArrayNode items = reasons.putArray(name);
                if (table != null) {
                  table.forEach(r -> items.addObject().put("code", r.code).put("label", r.label));
                }
              });
    }
    return section;
  }
}
