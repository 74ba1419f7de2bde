package io.millwright.alarms.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.alarm.MessageTemplate;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlarmEngineTest {

  static final String TEMP = "spindle/bearing-temperature";

  static Tag tag(String name, String unit) {
    return new Tag(
        name, "ns=2;s=" + name, DataType.FLOAT64, unit, Scale.IDENTITY, 0, Optional.empty(), false);
  }

  static MachineDefinition cnc(AlarmDefinition... alarms) {
    return new MachineDefinition(
            "cnc-02",
            "Machining centre",
            "machining",
            "line-1",
            Protocol.OPCUA,
            "opc.tcp://localhost:4840",
            Map.of(),
            null,
            List.of(tag(TEMP, "degC"), tag("spindle/speed", "rpm"), tag("fault/code", "")))
        .withAlarms(List.of(alarms));
  }

  static AlarmDefinition limits(
      Double hh, Double h, double deadband, Duration on, Duration off, Set<MachineState> suppress) {
    return new AlarmDefinition(
        Optional.of("bearing"),
        Optional.of(TEMP),
        new AlarmCondition.Limits(hh, h, null, null),
        deadband,
        on,
        off,
        AlarmPriority.MEDIUM,
        Optional.empty(),
        Optional.empty(),
        suppress);
  }

  static AlarmEngine engine(MachineDefinition m) {
    return new AlarmEngine(
        AlarmCatalog.build(List.of(m), List.of()),
        spec -> {
          throw new AssertionError("no anomaly alarms here");
        },
        0);
  }

  static void temp(AlarmEngine e, long t, double v) {
    e.accept("cnc-02", TEMP, t, Value.of(v));
  }

  @Test
  void noiseAroundTheLimitRaisesOneAlarmPerExcursionThanksToTheDeadband() {
    AlarmEngine e = engine(cnc(limits(null, 80.0, 2, null, null, Set.of())));
    double[] values = {70, 79, 80.5, 79.5, 80.2, 78.5, 81, 79, 77.9, 76, 80.1, 79.9, 70};
    for (int i = 0; i < values.length; i++) {
      temp(e, i * 1000L, values[i]);
    }
    List<AlarmEvent> events = e.drain();
    // Up at 80.5, held through 79.5..78.5 (inside the 2 degC deadband), down at 77.9; up again at
    // 80.1 and down at 70.
    assertThat(events)
        .extracting(AlarmEvent::transition, AlarmEvent::timeMillis)
        .containsExactly(
            tuple(Transition.ACTIVATED, 2000L),
            tuple(Transition.CLEARED, 8000L),
            tuple(Transition.ACTIVATED, 10000L),
            tuple(Transition.CLEARED, 12000L));
    assertThat(events.get(0).alarm()).isEqualTo("bearing-high");
    assertThat(events.get(0).state()).isEqualTo(AlarmState.UNACKNOWLEDGED);
    assertThat(events.get(1).state()).isEqualTo(AlarmState.RETURNED_UNACKNOWLEDGED);
    assertThat(events.get(2).state()).isEqualTo(AlarmState.UNACKNOWLEDGED);
    assertThat(events.get(0).message())
        .isEqualTo("cnc-02 spindle/bearing-temperature 80.5 degC beyond high limit 80 degC");
  }

  @Test
  void aSpikeShorterThanTheOnDelayRaisesNothingAndTheOffDelayHoldsTheAlarm() {
    AlarmEngine e =
        engine(cnc(limits(null, 80.0, 0, Duration.ofSeconds(5), Duration.ofSeconds(3), Set.of())));
    temp(e, 0, 85);
    temp(e, 4_000, 70); // back before the on-delay ran out
    e.tick(10_000);
    assertThat(e.drain()).isEmpty();
    temp(e, 20_000, 85);
    e.tick(24_999);
    assertThat(e.drain()).isEmpty();
    e.tick(25_000);
    assertThat(e.drain())
        .singleElement()
        .satisfies(
            ev -> {
              assertThat(ev.transition()).isEqualTo(Transition.ACTIVATED);
              assertThat(ev.timeMillis()).isEqualTo(25_000);
            });
    temp(e, 30_000, 70);
    temp(e, 31_000, 85); // back within the off-delay: still the same alarm
    e.tick(40_000);
    assertThat(e.drain()).isEmpty();
    temp(e, 41_000, 70);
    temp(e, 44_500, 71); // the off-delay ran out at 44,000
    assertThat(e.drain())
        .singleElement()
        .satisfies(ev -> assertThat(ev.timeMillis()).isEqualTo(44_000));
  }

  @Test
  void highHighIsItsOwnAlarmOnePriorityAbove() {
    AlarmEngine e = engine(cnc(limits(85.0, 80.0, 0, null, null, Set.of())));
    temp(e, 0, 90);
    assertThat(e.drain())
        .extracting(AlarmEvent::alarm, AlarmEvent::priority)
        .containsExactly(
            tuple("bearing-high-high", AlarmPriority.HIGH),
            tuple("bearing-high", AlarmPriority.MEDIUM));
  }

  @Test
  void acknowledgementFollowsIsa182() {
    AlarmEngine e = engine(cnc(limits(null, 80.0, 0, null, null, Set.of())));
    String id = "cnc-02/bearing-high";
    assertThatThrownBy(() -> e.acknowledge(id, "anna", "", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing to acknowledge");
    temp(e, 10, 90);
    e.acknowledge(id, "anna", "coolant checked", 20);
    temp(e, 30, 70); // C -> A on return
    temp(e, 40, 90);
    temp(e, 50, 70); // B -> D
    e.acknowledge(id, "ben", "", 60); // D -> A
    assertThat(e.drain())
        .extracting(AlarmEvent::transition, AlarmEvent::state, AlarmEvent::user)
        .containsExactly(
            tuple(Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""),
            tuple(Transition.ACKNOWLEDGED, AlarmState.ACKNOWLEDGED, "anna"),
            tuple(Transition.CLEARED, AlarmState.NORMAL, ""),
            tuple(Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED, ""),
            tuple(Transition.CLEARED, AlarmState.RETURNED_UNACKNOWLEDGED, ""),
            tuple(Transition.ACKNOWLEDGED, AlarmState.NORMAL, "ben"));
    assertThatThrownBy(() -> e.acknowledge("cnc-02/nope", "anna", "", 70))
        .isInstanceOf(java.util.NoSuchElementException.class);
  }

  @Test
  void nothingIsRaisedWhileShelvedAndAnExcursionStillGoingOnIsRaisedOnceWhenShelvingExpires() {
    AlarmEngine e = engine(cnc(limits(null, 80.0, 0, null, null, Set.of())));
    String id = "cnc-02/bearing-high";
    e.shelve(id, Duration.ofMinutes(10), "anna", "sensor being replaced", 0);
    for (int i = 1; i <= 20; i++) {
      temp(e, i * 1000L, i % 2 == 0 ? 90 : 70); // chattering while shelved
    }
    assertThat(e.drain()).extracting(AlarmEvent::transition).containsExactly(Transition.SHELVED);
    assertThat(e.view(id).orElseThrow().state()).isEqualTo(AlarmState.SHELVED);
    e.tick(600_000);
    assertThat(e.drain())
        .extracting(AlarmEvent::transition, AlarmEvent::state)
        .containsExactly(
            tuple(Transition.UNSHELVED, AlarmState.NORMAL),
            tuple(Transition.ACTIVATED, AlarmState.UNACKNOWLEDGED));
    assertThatThrownBy(() -> e.shelve(id, Duration.ofHours(25), "anna", "", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPlannedStopSuppressesByDesignAndTheAlarmComesBackOnlyIfStillPresent() {
    AlarmEngine e =
        engine(cnc(limits(null, 80.0, 0, null, null, Set.of(MachineState.PLANNED_STOP))));
    temp(e, 0, 90);
    e.machineState("cnc-02", MachineState.PLANNED_STOP, 10);
    temp(e, 20, 70);
    temp(e, 30, 95);
    temp(e, 40, 60);
    e.machineState("cnc-02", MachineState.PRODUCING, 50);
    assertThat(e.drain())
        .extracting(AlarmEvent::transition)
        .containsExactly(Transition.ACTIVATED, Transition.SUPPRESSED, Transition.UNSUPPRESSED);
    e.machineState("cnc-02", MachineState.PLANNED_STOP, 60);
    temp(e, 70, 95);
    e.machineState("cnc-02", MachineState.PRODUCING, 80);
    assertThat(e.drain())
        .extracting(AlarmEvent::transition)
        .containsExactly(Transition.SUPPRESSED, Transition.UNSUPPRESSED, Transition.ACTIVATED);
    assertThatThrownBy(
            () -> {
              e.machineState("cnc-02", MachineState.PLANNED_STOP, 90);
              e.shelve("cnc-02/bearing-high", Duration.ofMinutes(1), "anna", "", 90);
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("suppressed");
  }

  @Test
  void outOfServiceHidesTheAlarmUntilReturned() {
    AlarmEngine e = engine(cnc(limits(null, 80.0, 0, null, null, Set.of())));
    String id = "cnc-02/bearing-high";
    e.outOfService(id, true, "eve", "sensor broken", 0);
    temp(e, 10, 90);
    assertThatThrownBy(() -> e.outOfService(id, true, "eve", "", 20))
        .isInstanceOf(IllegalStateException.class);
    e.outOfService(id, false, "eve", "sensor replaced", 30);
    assertThat(e.drain())
        .extracting(AlarmEvent::transition)
        .containsExactly(
            Transition.REMOVED_FROM_SERVICE, Transition.RETURNED_TO_SERVICE, Transition.ACTIVATED);
  }

  @Test
  void digitalStateCommsStaleAndRateAlarms() {
    AlarmDefinition fault =
        new AlarmDefinition(
            Optional.of("overheating"),
            Optional.of("fault/code"),
            new AlarmCondition.Digital(List.of("530")),
            0,
            null,
            null,
            AlarmPriority.CRITICAL,
            Optional.of(MessageTemplate.parse("Spindle overheated at {" + TEMP + "} {unit}")),
            Optional.empty(),
            Set.of());
    AlarmDefinition inFault =
        AlarmDefinition.of(
            Optional.empty(), new AlarmCondition.InState(Set.of(MachineState.FAULT)));
    AlarmDefinition comms =
        new AlarmDefinition(
            Optional.empty(),
            Optional.empty(),
            new AlarmCondition.CommsLost(),
            0,
            Duration.ofSeconds(10),
            null,
            AlarmPriority.HIGH,
            Optional.empty(),
            Optional.empty(),
            Set.of());
    AlarmDefinition stale =
        AlarmDefinition.of(
            Optional.of("spindle/speed"), new AlarmCondition.Stale(Duration.ofMinutes(1)));
    AlarmDefinition rate =
        AlarmDefinition.of(
            Optional.of(TEMP), new AlarmCondition.RateOfChange(2, Duration.ofMinutes(1)));
    AlarmEngine e = engine(cnc(fault, inFault, comms, stale, rate));
    temp(e, 0, 50);
    e.accept("cnc-02", "spindle/speed", 0, Value.of(12000.0));
    e.accept("cnc-02", "fault/code", 1_000, Value.of(530L));
    e.machineState("cnc-02", MachineState.FAULT, 1_000);
    e.linkLost("cnc-02", 2_000);
    e.linkUp("cnc-02", 5_000); // shorter than the on-delay: nothing
    e.tick(30_000);
    temp(e, 30_000, 51); // 1 degC in 30 s: 2/min, not above
    temp(e, 60_000, 54); // 4 degC in 60 s
    e.tick(61_000);
    List<AlarmEvent> events = e.drain();
    assertThat(events)
        .extracting(AlarmEvent::alarm, AlarmEvent::transition)
        .containsExactly(
            tuple("overheating", Transition.ACTIVATED),
            tuple("state", Transition.ACTIVATED),
            tuple("spindle-bearing-temperature", Transition.ACTIVATED),
            tuple("spindle-speed", Transition.ACTIVATED));
    assertThat(events.get(0).message()).isEqualTo("Spindle overheated at 50 ");
    assertThat(events.get(2).value()).isEqualTo("4");
    assertThat(events.get(3).timeMillis()).isEqualTo(60_000);
    e.linkLost("cnc-02", 62_000);
    e.tick(72_000);
    assertThat(e.drain())
        .extracting(AlarmEvent::alarm, AlarmEvent::message)
        .containsExactly(tuple("comms-lost", "cnc-02: communication lost"));
  }

  @Test
  void restoredAlarmsKeepTheirStateAndClearOnTheNextNormalSample() {
    MachineDefinition m = cnc(limits(null, 80.0, 0, null, null, Set.of()));
    AlarmEngine before = engine(m);
    temp(before, 0, 90);
    before.acknowledge("cnc-02/bearing-high", "anna", "", 10);
    List<AlarmView> kept = before.views();
    AlarmEngine after = engine(m);
    after.restore(kept);
    assertThat(after.view("cnc-02/bearing-high").orElseThrow().state())
        .isEqualTo(AlarmState.ACKNOWLEDGED);
    temp(after, 20, 70);
    assertThat(after.drain())
        .extracting(AlarmEvent::transition, AlarmEvent::state)
        .containsExactly(tuple(Transition.CLEARED, AlarmState.NORMAL));
  }

  @Test
  void aValueBackInsideTheDeadbandDuringTheOnDelayRaisesNothing() {
    AlarmEngine e = engine(cnc(limits(null, 75.0, 1, Duration.ofSeconds(10), null, Set.of())));
    temp(e, 0, 76);
    temp(e, 1_000, 74.5); // below the limit, inside the deadband: the crossing is over
    e.tick(20_000);
    assertThat(e.drain()).isEmpty();
  }

  @Test
  void delaysRunOnTheServersClockNotTheDevices() {
    AlarmEngine e = engine(cnc(limits(null, 80.0, 0, Duration.ofSeconds(10), null, Set.of())));
    // The PLC's clock is a minute behind: its samples are stamped 60 s before they arrive.
    e.accept("cnc-02", TEMP, 40_000, 100_000, Value.of(85.0));
    e.tick(100_100);
    assertThat(e.drain()).isEmpty(); // not settled at once just because the stamp is old
    e.accept("cnc-02", TEMP, 45_000, 105_000, Value.of(70.0));
    e.tick(115_000);
    assertThat(e.drain()).isEmpty();
    e.accept("cnc-02", TEMP, 50_000, 110_000, Value.of(85.0));
    e.tick(120_000);
    assertThat(e.drain())
        .singleElement()
        .satisfies(ev -> assertThat(ev.timeMillis()).isEqualTo(120_000));
  }

  @Test
  void afterASuppressingStopTheOnDelayStartsAgain() {
    AlarmEngine e =
        engine(
            cnc(
                limits(
                    null,
                    80.0,
                    0,
                    Duration.ofSeconds(10),
                    null,
                    Set.of(MachineState.PLANNED_STOP))));
    e.machineState("cnc-02", MachineState.PLANNED_STOP, 0);
    temp(e, 1_000, 90);
    e.tick(20_000); // present while suppressed: watched, nothing raised
    e.machineState("cnc-02", MachineState.PRODUCING, 30_000);
    temp(e, 35_000, 70); // gone before its on-delay ran out after the start
    e.tick(50_000);
    assertThat(e.drain())
        .extracting(AlarmEvent::transition)
        .containsExactly(Transition.SUPPRESSED, Transition.UNSUPPRESSED);
  }

  @Test
  void aRateIsMeasuredOverTheWholeWindowHoweverFastTheTagReports() {
    AlarmDefinition rate =
        AlarmDefinition.of(
            Optional.of(TEMP), new AlarmCondition.RateOfChange(2, Duration.ofMinutes(30)));
    AlarmEngine e = engine(cnc(rate));
    // 10 Hz for 20 minutes, rising 3 degC a minute: far more samples than the window keeps.
    for (long t = 0; t <= 20 * 60_000; t += 100) {
      temp(e, t, 40 + 3.0 * t / 60_000);
    }
    assertThat(e.drain())
        .singleElement()
        .satisfies(
            ev -> {
              assertThat(ev.transition()).isEqualTo(Transition.ACTIVATED);
              // A quarter of the window (7.5 min) is the least history that makes a rate.
              assertThat(ev.timeMillis()).isBetween(450_000L, 460_000L);
              assertThat(Double.parseDouble(ev.value()))
                  .isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
            });
  }

  @Test
  void aLearningDetectorNeitherRaisesNorClears() {
    io.millwright.alarms.anomaly.Verdict[] verdict = {
      io.millwright.alarms.anomaly.Verdict.ANOMALOUS
    };
    io.millwright.alarms.anomaly.AnomalyDetector detector =
        new io.millwright.alarms.anomaly.AnomalyDetector() {
          @Override
          public int inputs() {
            return 1;
          }

          @Override
          public io.millwright.alarms.anomaly.Verdict observe(int input, long t, double value) {
            return verdict[0];
          }

          @Override
          public double score() {
            return verdict[0] == io.millwright.alarms.anomaly.Verdict.LEARNING ? Double.NaN : 7.5;
          }
        };
    MachineDefinition m =
        cnc(
            AlarmDefinition.of(
                Optional.of(TEMP),
                new AlarmCondition.Anomaly(
                    new io.millwright.core.alarm.AnomalySpec.Ewma(0.01, 4, 10))));
    AlarmEngine e = new AlarmEngine(AlarmCatalog.build(List.of(m), List.of()), spec -> detector, 0);
    temp(e, 0, 50);
    verdict[0] = io.millwright.alarms.anomaly.Verdict.LEARNING;
    temp(e, 1_000, 51);
    assertThat(e.drain())
        .singleElement()
        .satisfies(
            ev -> {
              assertThat(ev.transition()).isEqualTo(Transition.ACTIVATED);
              assertThat(ev.value()).isEqualTo("7.5");
            });
    verdict[0] = io.millwright.alarms.anomaly.Verdict.NORMAL;
    temp(e, 2_000, 50);
    assertThat(e.drain()).extracting(AlarmEvent::transition).containsExactly(Transition.CLEARED);
  }
}
