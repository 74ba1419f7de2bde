package io.millwright.alarms.notify;

import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which journal entries a notification channel takes. Entries it does not take still move the
 * channel's cursor past them: a filter decides what is sent, never what is kept waiting.
 *
 * @param minimum the least urgent priority sent
 * @param areas the plant areas sent; empty for all
 * @param transitions the transitions sent; empty for all
 */
public record ChannelFilter(AlarmPriority minimum, Set<String> areas, Set<Transition> transitions) {

  /** Everything. */
  public static final ChannelFilter ALL = new ChannelFilter(AlarmPriority.LOW, Set.of(), Set.of());

  /**
   * @throws IllegalArgumentException on a null or blank area
   */
  public ChannelFilter {
    minimum = minimum == null ? AlarmPriority.LOW : minimum;
    areas = areas == null ? Set.of() : Set.copyOf(areas);
    transitions = transitions == null || transitions.isEmpty() ? Set.of() : Set.copyOf(transitions);
    for (String area : areas) {
      if (area.isBlank()) {
        throw new IllegalArgumentException("areas: an area name is blank");
      }
    }
  }

  /** The same filter from a priority on. */
  public ChannelFilter withMinimum(AlarmPriority p) {
    return new ChannelFilter(p, areas, transitions);
  }

  /** The same filter for these areas only. */
  public ChannelFilter withAreas(Set<String> a) {
    return new ChannelFilter(minimum, a, transitions);
  }

  /** The same filter for these transitions only. */
  public ChannelFilter withTransitions(Transition first, Transition... more) {
    return new ChannelFilter(minimum, areas, EnumSet.of(first, more));
  }

  /** Whether the channel sends this entry. */
  public boolean accepts(AlarmEvent e) {
    return e.priority().compareTo(minimum) >= 0
        && (areas.isEmpty() || areas.contains(e.area()))
        && (transitions.isEmpty() || transitions.contains(e.transition()));
  }
}
