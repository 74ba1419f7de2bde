package io.millwright.app.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.alarms.anomaly.AnomalyDetectors;
import io.millwright.alarms.anomaly.EwmaDetector;
import io.millwright.alarms.anomaly.Verdict;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.plant.Plant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's EWMA alarms on regulated temperatures (a mould, a measuring room): quiet through half
 * a day of the demo plant's own wander, then a drift injected through the simulator (as a presenter
 * does from the demo's simulator page) must be caught while it is still small.
 *
 * <p>As the demo defines them: EWMA with alpha 0.0001 (about three hours of memory at the demo's
 * sample a second), z 6, an hour of warm-up, and an on-delay of a minute, which this test applies
 * by counting only verdicts that stay ANOMALOUS for a minute of samples.
 */
class InjectedDriftDetectionTest {

  static final long SEED = 7;
  static final long POLL = 1_000;
  static final long MINUTE = 60_000;
  static final Duration QUIET = Duration.ofHours(12);
  static final Duration DRIFTING = Duration.ofHours(2);
  static final AnomalySpec.Ewma DEMO_EWMA = new AnomalySpec.Ewma(0.0001, 6, 3_600);

  /** Machine, tag, drift per minute injected after the quiet half day. */
  record Watched(String machine, String tag, double perMinute) {}

  static final List<Watched> WATCHED =
      List.of(
          new Watched("imm-01", "mould/temperature", 0.2),
          new Watched("cmm-01", "room/temperature", 0.05));

  static final Map<Watched, Long> firstAlarm = new LinkedHashMap<>();
  static long driftFrom;

  @BeforeAll
  static void runTheDemoPlant() {
    Plant plant = Plant.demo(SEED);
    long start = plant.now();
    driftFrom = start + QUIET.toMillis();
    Map<Watched, EwmaDetector> detectors = new LinkedHashMap<>();
    Map<Watched, Integer> anomalousFor = new LinkedHashMap<>();
    for (Watched w : WATCHED) {
      detectors.put(w, (EwmaDetector) AnomalyDetectors.create(DEMO_EWMA, Path.of(".")));
      anomalousFor.put(w, 0);
    }
    for (long t = start + POLL; t <= driftFrom + DRIFTING.toMillis(); t += POLL) {
      plant.advanceTo(t);
      if (t == driftFrom) {
        WATCHED.forEach(w -> plant.startDrift(w.machine(), w.tag(), w.perMinute()));
      }
      for (Watched w : WATCHED) {
        ServedMachine m = plant.machine(w.machine());
        Verdict v = detectors.get(w).observe(0, t, m.read(w.tag()).asDouble());
        int run = v == Verdict.ANOMALOUS ? anomalousFor.get(w) + 1 : 0;
        anomalousFor.put(w, run);
        // The on-delay: an alarm once the verdict has held for a minute of samples.
        if (run == MINUTE / POLL) {
          firstAlarm.putIfAbsent(w, t);
        }
      }
    }
    firstAlarm.forEach(
        (w, t) ->
            System.out.printf(
                Locale.ROOT,
                "%s %s: EWMA alarm %.1f min after a drift of %s per minute started (by %.1f then)%n",
                w.machine(),
                w.tag(),
                (t - driftFrom) / 60_000.0,
                w.perMinute(),
                (t - driftFrom) / 60_000.0 * w.perMinute()));
  }

  @Test
  void noAlarmInHalfADayOfNormalWander() {
    firstAlarm.values().forEach(t -> assertThat(t).isGreaterThan(driftFrom));
  }

  @Test
  void anInjectedDriftIsCaughtWithinTheHour() {
    assertThat(firstAlarm).containsOnlyKeys(WATCHED);
    firstAlarm.values().forEach(t -> assertThat(t - driftFrom).isLessThan(60 * MINUTE));
  }
}
