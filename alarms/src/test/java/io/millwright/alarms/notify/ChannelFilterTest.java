package io.millwright.alarms.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.alarms.engine.Transition;
import io.millwright.core.alarm.AlarmPriority;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelFilterTest {

  @Test
  void defaultsTakeEverything() {
    ChannelFilter f = new ChannelFilter(null, null, null);

    assertThat(f).isEqualTo(ChannelFilter.ALL);
    assertThat(
            f.accepts(Events.event("m", "a", AlarmPriority.LOW, "packing", Transition.UNSHELVED)))
        .isTrue();
  }

  @Test
  void takesFromTheMinimumPriorityUp() {
    ChannelFilter f = ChannelFilter.ALL.withMinimum(AlarmPriority.HIGH);

    assertThat(f.accepts(Events.event("m", "a", AlarmPriority.MEDIUM, "x", Transition.ACTIVATED)))
        .isFalse();
    assertThat(f.accepts(Events.event("m", "a", AlarmPriority.HIGH, "x", Transition.ACTIVATED)))
        .isTrue();
    assertThat(f.accepts(Events.event("m", "a", AlarmPriority.CRITICAL, "x", Transition.ACTIVATED)))
        .isTrue();
  }

  @Test
  void takesOnlyTheListedAreasAndTransitions() {
    ChannelFilter f =
        ChannelFilter.ALL
            .withAreas(Set.of("machining"))
            .withTransitions(Transition.ACTIVATED, Transition.CLEARED);

    assertThat(
            f.accepts(Events.event("m", "a", AlarmPriority.LOW, "machining", Transition.CLEARED)))
        .isTrue();
    assertThat(
            f.accepts(
                Events.event("m", "a", AlarmPriority.LOW, "machining", Transition.ACKNOWLEDGED)))
        .isFalse();
    assertThat(
            f.accepts(Events.event("m", "a", AlarmPriority.LOW, "packing", Transition.ACTIVATED)))
        .isFalse();
  }

  @Test
  void rejectsBlankAreas() {
    assertThatThrownBy(() -> ChannelFilter.ALL.withAreas(Set.of(" ")))
        .hasMessageContaining("areas");
  }
}
