package io.millwright.oee.state;

import static io.millwright.oee.OeeFixtures.bad;
import static io.millwright.oee.OeeFixtures.good;
import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.StateRule;
import io.millwright.core.sample.Value;
import io.millwright.oee.OeeFixtures;
import io.millwright.oee.calendar.ShiftCalendar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a machine sends, in whatever order, the tracker neither throws nor loses or double
 * counts time: its segments tile the time from its first reading to the last.
 */
// Named *Test so that surefire's default includes run it.
class MachineTrackerPropertiesTest {

  private static final long T0 = OeeFixtures.utc("2025-03-04T13:00:00");

  /** What happens at one step: a message, the machine going offline, or time passing. */
  enum Kind {
    ACCEPT,
    OFFLINE,
    TICK
  }

  record Values(Value count, Value reason, Value scrap, Value cycle) {}

  record Step(
      Kind kind,
      long dt,
      String state,
      boolean stateBad,
      Values values,
      boolean countBad,
      Value product) {
    Value count() {
      return values.count();
    }

    Value reason() {
      return values.reason();
    }

    Value scrap() {
      return values.scrap();
    }

    Value cycle() {
      return values.cycle();
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Kind> kind =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.ACCEPT)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.OFFLINE)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.TICK)));
    // Equal times and going back in time are both common in real data.
    Arbitrary<Long> dt =
        Arbitraries.oneOf(
            Arbitraries.just(0L),
            Arbitraries.longs().between(-60_000, -1),
            Arbitraries.longs().between(1, 120_000),
            Arbitraries.longs().between(1, 36 * 3_600_000L));
    Arbitrary<String> state =
        Arbitraries.oneOf(
            Arbitraries.of(
                "producing",
                "idle",
                "setup",
                "planned-stop",
                "unplanned-stop",
                "fault",
                "unknown",
                "PRODUCING",
                "",
                "1"),
            Arbitraries.strings().ofMaxLength(6));
    Arbitrary<Value> number =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 1000).map(Value::of),
            Arbitraries.longs().map(Value::of),
            Arbitraries.of(
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    -1.0,
                    1e300,
                    9.3e18,
                    0.5)
                .map(Value::of),
            Arbitraries.strings().ofMaxLength(3).map(Value::of),
            Arbitraries.of(true, false).map(Value::of));
    Arbitrary<Value> product = Arbitraries.of("A", "B", "C").map(Value::of);
    Arbitrary<Step> step =
        Combinators.combine(
                kind,
                dt,
                state,
                Arbitraries.of(false, false, false, true),
                Combinators.combine(number, number, number, number).as(Values::new),
                Arbitraries.of(false, false, false, true),
                product)
            .as(Step::new);
    return step.list().ofMaxSize(60);
  }

  /** A machine using every kind of input at once: a state tag and a rule on a cycle counter. */
  private static StateModel model() {
    return new StateModel(
        List.of(
            new StateRule(
                io.millwright.core.machine.MachineState.FAULT,
                List.of(new StateCondition("reason", StateCondition.Test.ABOVE, "499"))),
            new StateRule(
                io.millwright.core.machine.MachineState.PRODUCING,
                List.of(new StateCondition("cycle", StateCondition.Test.CHANGED_WITHIN, "20s")))),
        Optional.of("state"),
        Map.of(),
        Optional.of("reason"),
        null,
        Optional.of("count"),
        Optional.empty(),
        Optional.of("scrap"),
        Optional.of("product"),
        Duration.ofSeconds(2),
        Map.of("B", Duration.ofSeconds(5)),
        Duration.ofSeconds(30));
  }

  private static void check(List<Step> steps, ShiftCalendar calendar) {
    List<Segment> out = new ArrayList<>();
    MachineTracker t = new MachineTracker("m", model(), calendar, out::add);
    long time = T0;
    long first = Long.MIN_VALUE;
    long last = Long.MIN_VALUE;
    for (Step s : steps) {
      time += s.dt();
      long at = time;
      switch (s.kind()) {
        case ACCEPT -> {
          List<Reading> r = new ArrayList<>();
          r.add(s.stateBad() ? bad("state", at) : good("state", Value.of(s.state()), at));
          r.add(s.countBad() ? bad("count", at) : good("count", s.count(), at));
          r.add(good("reason", s.reason(), at));
          r.add(good("scrap", s.scrap(), at));
          r.add(good("cycle", s.cycle(), at));
          r.add(good("product", s.product(), at));
          boolean accepted = t.accept(at, r);
          // Refused exactly when older than what the tracker reached.
          assertThat(accepted).isEqualTo(first == Long.MIN_VALUE || at >= last);
          if (accepted) {
            first = first == Long.MIN_VALUE ? at : first;
            last = Math.max(last, at);
          }
        }
        case OFFLINE -> {
          t.offline(at);
          if (first == Long.MIN_VALUE) {
            first = at;
            last = at;
          } else {
            last = Math.max(last, at);
          }
        }
        case TICK -> {
          t.tick(at);
          if (first != Long.MIN_VALUE) {
            last = Math.max(last, at);
          }
        }
      }
      if (first != Long.MIN_VALUE) {
        assertThat(t.now()).isEqualTo(last);
      }
    }
    if (first == Long.MIN_VALUE) {
      assertThat(out).isEmpty();
      assertThat(t.unfinished(T0)).isEmpty();
      return;
    }
    List<Segment> all = new ArrayList<>(out);
    all.addAll(t.unfinished(last));
    long cursor = first;
    long total = 0;
    for (Segment s : all) {
      // In order, touching, never empty: no time lost, none counted twice.
      assertThat(s.startMillis()).as("start of %s", s).isEqualTo(cursor);
      assertThat(s.endMillis()).as("end of %s", s).isGreaterThan(s.startMillis());
      assertThat(s.good()).as("good of %s", s).isNotNegative();
      assertThat(s.scrap()).as("scrap of %s", s).isNotNegative();
      assertThat(s.stopMillis()).isNotNegative();
      if (s.isStop()) {
        assertThat(s.stopStartMillis()).isLessThanOrEqualTo(s.startMillis());
        assertThat(s.stopStartMillis() + s.stopMillis()).isGreaterThanOrEqualTo(s.endMillis());
      }
      cursor = s.endMillis();
      total += s.length();
    }
    assertThat(total).isEqualTo(last - first);
  }

  @Property(tries = 400)
  void segmentsTileTheTimeWithAnAlwaysCalendar(@ForAll("steps") List<Step> steps) {
    check(steps, OeeFixtures.always());
  }

  @Property(tries = 400)
  void segmentsTileTheTimeWithShifts(@ForAll("steps") List<Step> steps) {
    check(steps, OeeFixtures.twoShifts());
  }
}
