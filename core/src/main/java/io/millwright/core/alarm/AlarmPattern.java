package io.millwright.core.alarm;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An alarm definition for many machines and tags at once, written in the site's configuration: the
 * same bearing-temperature limits for every CNC, a lost-communication alarm for every machine. A
 * machine's own definition of the same alarm name wins over a pattern's.
 *
 * @param machines machine ids, with {@code *} for any text ({@code cnc-*}, {@code *})
 * @param area only machines of this area, when given
 * @param tags tag paths, with {@code *} for any text within one level and {@code **} across levels
 *     ({@code spindle/*-temperature}, {@code **}); absent for kinds that read no tag
 * @param definition the definition, without a tag
 */
public record AlarmPattern(
    String machines, Optional<String> area, Optional<String> tags, AlarmDefinition definition) {

  public AlarmPattern {
    if (machines == null || machines.isBlank()) {
      throw new DefinitionException("machines", "is missing; write * for every machine");
    }
    if (!machines.matches("[a-z0-9*-]+")) {
      throw new DefinitionException(
          "machines", "\"" + machines + "\" may hold lowercase letters, digits, '-' and '*' only");
    }
    area = area == null ? Optional.empty() : area;
    tags = tags == null ? Optional.empty() : tags;
    if (definition == null) {
      throw new DefinitionException("tags", "the definition is missing");
    }
    if (definition.tag().isPresent()) {
      throw new DefinitionException("tag", "a pattern names its tags with tags, not tag");
    }
    if (definition.condition().readsTag() && tags.isEmpty()) {
      throw new DefinitionException(
          "tags", "is missing: a " + definition.condition().key() + " alarm reads a tag");
    }
    if (!definition.condition().readsTag() && tags.isPresent()) {
      throw new DefinitionException(
          "tags", "a " + definition.condition().key() + " alarm reads no tag; remove it");
    }
    if (tags.isPresent() && !tags.get().matches("[A-Za-z0-9_.*/-]+")) {
      throw new DefinitionException("tags", "\"" + tags.get() + "\" is not a tag path pattern");
    }
  }

  /** Whether the pattern covers the machine at all. */
  public boolean covers(MachineDefinition machine) {
    return glob(machines, false).matcher(machine.id()).matches()
        && area.map(a -> a.equals(machine.area())).orElse(true);
  }

  /**
   * The definitions this pattern makes for one machine: one per matching tag, or one when the kind
   * reads no tag; none when the machine is not covered.
   *
   * @throws DefinitionException on {@code name} when an explicit name would be given to several
   *     tags of the machine
   */
  public List<AlarmDefinition> expand(MachineDefinition machine) {
    if (!covers(machine)) {
      return List.of();
    }
    if (tags.isEmpty()) {
      return List.of(definition);
    }
    Pattern p = glob(tags.get(), true);
    List<AlarmDefinition> out = new ArrayList<>();
    for (Tag t : machine.tags()) {
      if (p.matcher(t.name()).matches()) {
        out.add(definition.forTag(t.name()));
      }
    }
    if (out.size() > 1 && definition.name().isPresent()) {
      throw new DefinitionException(
          "name",
          "\""
              + definition.name().get()
              + "\" would name "
              + out.size()
              + " alarms on "
              + machine.id()
              + " (tags "
              + out.stream().map(d -> d.tag().orElseThrow()).toList()
              + "); leave name out so each takes its tag's");
    }
    return out;
  }

  /** A glob as a regular expression: {@code *} stays within a tag level unless doubled. */
  static Pattern glob(String glob, boolean levels) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        re.append(twice || !levels ? ".*" : "[^/]*");
        i += twice ? 1 : 0;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
