package io.millwright.alarms.engine;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPattern;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every alarm of the site: the machines' own definitions and the site's patterns, expanded. A
 * machine's own alarm wins over a pattern's alarm of the same name, so a site default can be
 * tightened for one machine.
 */
public final class AlarmCatalog {

  private AlarmCatalog() {}

  /**
   * @param patterns the site's {@code alarms.definitions}
   * @throws DefinitionException naming {@code alarms.definitions[i]...} when a pattern matches no
   *     machine's tag, names several alarms alike, or misses a tag its message shows
   */
  public static List<AlarmSpec> build(
      List<MachineDefinition> machines, List<AlarmPattern> patterns) {
    Map<String, Map<String, AlarmSpec>> byMachine = new LinkedHashMap<>();
    for (MachineDefinition m : machines) {
      Map<String, AlarmSpec> own = new LinkedHashMap<>();
      for (AlarmDefinition d : m.alarms()) {
        add(own, m, d);
      }
      byMachine.put(m.id(), own);
    }
    for (int i = 0; i < patterns.size(); i++) {
      AlarmPattern p = patterns.get(i);
      String field = "alarms.definitions[" + i + "]";
      boolean matched = false;
      for (MachineDefinition m : machines) {
        List<AlarmDefinition> defs;
        try {
          defs = p.expand(m);
        } catch (DefinitionException e) {
          throw e.within(field);
        }
        Set<String> tags = tagNames(m);
        Map<String, AlarmSpec> own = byMachine.get(m.id());
        for (AlarmDefinition d : defs) {
          matched = true;
          try {
            d.checkTags(tags);
          } catch (DefinitionException e) {
            throw new DefinitionException(
                field + "." + e.field(), "on machine " + m.id() + ": " + e.problem());
          }
          for (AlarmDefinition.Point point : d.points()) {
            String ownName = point.name();
            if (!ownsAlarm(m, ownName)) {
              AlarmSpec previous = own.putIfAbsent(ownName, spec(m, d, point));
              if (previous != null) {
                throw new DefinitionException(
                    field,
                    "makes the alarm "
                        + m.id()
                        + "/"
                        + ownName
                        + ", which an earlier pattern already makes; give one of them a name");
              }
            }
          }
        }
      }
      if (!matched) {
        throw new DefinitionException(
            field,
            "matches no machine"
                + (p.tags().isPresent() ? "'s tag (machines " + p.machines() + ", tags " : " (")
                + p.tags().orElse(p.machines())
                + ")");
      }
    }
    List<AlarmSpec> out = new ArrayList<>();
    byMachine.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  private static boolean ownsAlarm(MachineDefinition m, String name) {
    for (AlarmDefinition d : m.alarms()) {
      for (AlarmDefinition.Point p : d.points()) {
        if (p.name().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void add(Map<String, AlarmSpec> into, MachineDefinition m, AlarmDefinition d) {
    for (AlarmDefinition.Point point : d.points()) {
      into.put(point.name(), spec(m, d, point));
    }
  }

  private static AlarmSpec spec(MachineDefinition m, AlarmDefinition d, AlarmDefinition.Point p) {
    String unit =
        d.tag()
            .flatMap(t -> m.tags().stream().filter(x -> x.name().equals(t)).findFirst())
            .map(Tag::unit)
            .orElse("");
    return new AlarmSpec(m.id(), d.area().orElse(m.area()), m.line(), d, p, unit);
  }

  private static Set<String> tagNames(MachineDefinition m) {
    Set<String> out = new HashSet<>();
    m.tags().forEach(t -> out.add(t.name()));
    return out;
  }
}
