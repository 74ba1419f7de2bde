package io.millwright.core.alarm;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    return matches(machines, machine.id(), false)
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
    List<AlarmDefinition> out = new ArrayList<>();
    for (Tag t : machine.tags()) {
      if (matches(tags.get(), t.name(), true)) {
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

  /**
   * Whether {@code text} matches the glob: {@code *} is any text (within one tag level when {@code
   * levels}; {@code **} crosses levels), everything else itself. Run as a set of positions in the
   * glob advanced one character at a time, so the time is bounded by the two lengths' product
   * whatever the pattern: a regular expression would backtrack exponentially on {@code *a*a*a*b}.
   */
  static boolean matches(String glob, String text, boolean levels) {
    int n = glob.length();
    boolean[] at = new boolean[n + 1];
    boolean[] next = new boolean[n + 1];
    at[0] = true;
    skipStars(glob, at);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      java.util.Arrays.fill(next, false);
      boolean any = false;
      for (int g = 0; g < n; g++) {
        if (!at[g]) {
          continue;
        }
        char p = glob.charAt(g);
        if (p == '*') {
          boolean crosses =
              !levels
                  || (g + 1 < n && glob.charAt(g + 1) == '*')
                  || (g > 0 && glob.charAt(g - 1) == '*');
          if (crosses || c != '/') {
            next[g] = true; // the star takes this character too
            any = true;
          }
        } else if (p == c) {
          next[g + 1] = true;
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      skipStars(glob, next);
      boolean[] swap = at;
      at = next;
      next = swap;
    }
    return at[n];
  }

  /** A star may also take nothing: every position after a run of stars is reachable too. */
  private static void skipStars(String glob, boolean[] at) {
    for (int g = 0; g < glob.length(); g++) {
      if (at[g] && glob.charAt(g) == '*') {
        at[g + 1] = true;
      }
    }
  }
}
