package io.millwright.simulator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MachineBehaviourTest {

  private static final long MIN = 60_000;

  @Test
  void aNewProductMeansAChangeoverAndTheSameProductDoesNot() {
    Plant plant = Plant.demo(21);
    ServedMachine cnc = plant.machine("cnc-02");
    String running = cnc.read("job/product").toString();
    String other = running.equals("HUB-FLANGE-12") ? "HUB-FLANGE-14" : "HUB-FLANGE-12";

    startJob(cnc, "PO-900001", other, 500);
    plant.advance(Duration.ofMillis(Plant.STEP_MILLIS));
    assertThat(state(cnc)).isEqualTo("setup");
    assertThat(reason(cnc)).isEqualTo(200);

    plant.advance(Duration.ofMinutes(45));
    GroundTruth truth = plant.truth("cnc-02");
    assertThat(truth.occurrences(200)).isEqualTo(1);
    assertThat(truth.millisFor(200)).isBetween(20 * MIN, 40 * MIN);
    assertThat(reason(cnc)).isNotEqualTo(200);

    long setupsBefore = truth.occurrences(200);
    startJob(cnc, "PO-900002", other, 500);
    plant.advance(Duration.ofMinutes(5));
    assertThat(plant.truth("cnc-02").occurrences(200)).isEqualTo(setupsBefore);
  }

  @Test
  void machinesToldToSkipBreaksWorkThroughTheTenOClockBreak() {
    long fiveAfterTen =
        ZonedDateTime.of(2026, 11, 23, 10, 5, 0, 0, Plant.ZONE).toInstant().toEpochMilli();
    Plant resting = Plant.demo(31, fiveAfterTen);
    Plant working = Plant.demo(31, fiveAfterTen);
    working.skipBreaks();
    resting.advance(Duration.ofMinutes(10));
    working.advance(Duration.ofMinutes(10));
    List<Integer> restingReasons = new ArrayList<>();
    List<Integer> workingReasons = new ArrayList<>();
    for (MachineProducts p : working.machineProducts()) {
      restingReasons.add(reason(resting.machine(p.machineId())));
      workingReasons.add(reason(working.machine(p.machineId())));
    }
    assertThat(restingReasons).containsOnly(410);
    assertThat(workingReasons).doesNotContain(410);
  }

  @Test
  void handedToTheJobsRoleMachinesDropTheirOwnOrdersAndWaitForJobs() {
    Plant plant = Plant.demo(23);
    plant.handOrdersToJobs();
    plant.advance(Duration.ofHours(2));
    assertThat(plant.machineProducts()).hasSize(11);
    for (MachineProducts p : plant.machineProducts()) {
      ServedMachine m = plant.machine(p.machineId());
      assertThat(m.read("job/order").toString()).as(m.id()).isEmpty();
      assertThat(state(m)).as(m.id()).isIn("idle", "planned-stop");
    }
    ServedMachine press = plant.machine("press-02");
    long goodBefore = (long) press.read("counts/good").asDouble();
    startJob(press, "J-1", "BRACKET-A", 10);
    plant.advance(Duration.ofMinutes(10));
    assertThat((long) press.read("counts/good").asDouble() - goodBefore).isEqualTo(10);
  }

  @Test
  void aJobRunsToItsTargetInGoodPartsAndTheMachineThenWaitsForAnOrder() {
    Plant plant = Plant.demo(22);
    plant.autoDispatch(false);
    ServedMachine press = plant.machine("press-02");
    long goodBefore = (long) press.read("counts/good").asDouble();
    startJob(press, "PO-1", "BRACKET-A", 20);

    plant.advance(Duration.ofMinutes(10));

    assertThat(state(press)).isEqualTo("idle");
    assertThat(reason(press)).isEqualTo(100);
    assertThat((long) press.read("counts/good").asDouble() - goodBefore).isEqualTo(20);

    // Raising the target of the same order resumes it and adds only the difference.
    press.write("job/target", Value.of(30L));
    plant.advance(Duration.ofMinutes(10));
    assertThat(state(press)).isEqualTo("idle");
    assertThat((long) press.read("counts/good").asDouble() - goodBefore).isEqualTo(30);
  }

  @Test
  void withAutoDispatchAnIdleMachineGetsItsNextOrderWithinMinutes() {
    Plant plant = Plant.demo(23);
    ServedMachine press = plant.machine("press-02");
    startJob(press, "PO-2", "BRACKET-A", 10);
    plant.advance(Duration.ofMinutes(25));
    assertThat(press.read("job/order").toString()).isNotEqualTo("PO-2").startsWith("PO-");
    assertThat(plant.truth("press-02").millisFor(100)).isBetween(2 * MIN, 15 * MIN + MIN);
  }

  @Test
  void everyShiftBreakIsAPlannedStopOfHalfAnHour() {
    Plant plant = Plant.demo(24);
    long tenFifteen = at(2025, 3, 3, 10, 15);
    plant.advanceTo(tenFifteen);
    for (ServedMachine m : plant.machines()) {
      // Setups and repairs carry on through a break; everything else stops for it.
      assertThat(state(m)).as(m.id()).isIn("planned-stop", "setup", "fault");
    }
    assertThat(plant.machines().stream().filter(m -> reason(m) == 410).count()).isGreaterThan(5);

    plant.advanceTo(at(2025, 3, 4, 6, 0));
    for (ServedMachine m : plant.machines()) {
      GroundTruth truth = plant.truth(m.id());
      // 10:00, 18:00 and 02:00: at most 3 x 30 minutes, and the breaks fall where they should.
      assertThat(truth.millisFor(410)).as(m.id()).isBetween(30 * MIN, 90 * MIN);
      for (StateChange c : truth.transitions()) {
        if (c.reason() == 410) {
          int minuteOfDay =
              ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(c.atMillis()), Plant.ZONE)
                      .toLocalTime()
                      .toSecondOfDay()
                  / 60;
          assertThat(
                  Set.of(2 * 60, 10 * 60, 18 * 60).stream()
                      .anyMatch(s -> minuteOfDay >= s && minuteOfDay < s + 30))
              .as(m.id() + " break at " + minuteOfDay)
              .isTrue();
        }
      }
    }
    assertThat(
            plant.machines().stream()
                .filter(m -> plant.truth(m.id()).millisFor(410) == 90 * MIN)
                .count())
        .isGreaterThan(5);
  }

  @Test
  void cnc02sBearingHeatsUpForTensOfMinutesAndTripsOnOverheating() {
    Plant plant = Plant.demo(25);
    ServedMachine cnc = plant.machine("cnc-02");
    List<Double> perMinute = new ArrayList<>();
    long tripMinute = -1;
    for (int minute = 1; minute <= 240 && tripMinute < 0; minute++) {
      plant.advance(Duration.ofMinutes(1));
      perMinute.add(cnc.read("spindle/bearing-temperature").asDouble());
      if (reason(cnc) == 530) {
        tripMinute = minute;
      }
    }
    assertThat(tripMinute).as("minute of the trip").isBetween(40L, 170L);
    // Sampled once a minute: the last sample before the trip, and one half an hour earlier.
    double justBefore = perMinute.get((int) tripMinute - 2);
    double halfAnHourBefore = perMinute.get((int) tripMinute - 32);
    assertThat(justBefore).isGreaterThan(MachiningProcess.TRIP_TEMPERATURE - 8);
    assertThat(justBefore - halfAnHourBefore).as("warning time").isGreaterThan(10);
    assertThat(plant.truth("cnc-01").occurrences(530)).isZero();

    // The repair replaces the bearing: it comes back cool.
    plant.advance(Duration.ofMinutes(70));
    assertThat(cnc.read("spindle/bearing-temperature").asDouble()).isLessThan(60);
  }

  @Test
  void maintenanceInTimeKeepsCnc02FromOverheating() {
    Plant plant = Plant.demo(25);
    for (int i = 0; i < 6; i++) {
      plant.advance(Duration.ofMinutes(30));
      plant.maintenance("cnc-02");
      assertThat(reason(plant.machine("cnc-02"))).isEqualTo(400);
    }
    GroundTruth truth = plant.truth("cnc-02");
    assertThat(truth.occurrences(530)).isZero();
    assertThat(truth.millisFor(400)).isPositive();
  }

  @Test
  void mouldingScrapRisesWhenTheMouldRunsOffSetpoint() {
    Plant steady = Plant.demo(26);
    Plant drifting = Plant.demo(26);
    drifting.startDrift("imm-01", "mould/temperature", 0.5);
    steady.advance(Duration.ofHours(3));
    drifting.advance(Duration.ofHours(3));
    GroundTruth ok = steady.truth("imm-01");
    GroundTruth off = drifting.truth("imm-01");
    double okRate = (double) ok.scrap() / ok.cycles();
    double offRate = (double) off.scrap() / off.cycles();
    assertThat(okRate).isLessThan(0.05);
    assertThat(offRate).isGreaterThan(4 * okRate).isGreaterThan(0.1);
    assertThat(MouldingProcess.scrapRate(0)).isLessThan(MouldingProcess.scrapRate(10));
  }

  @Test
  void aNewSetpointIsFollowedWithALag() {
    Plant plant = Plant.demo(27);
    ServedMachine washer = plant.machine("washer-01");
    washer.write("water/temperature/setpoint", Value.of(80.0));
    plant.advance(Duration.ofMinutes(2));
    assertThat(washer.read("water/temperature").asDouble()).isLessThan(70);
    plant.advance(Duration.ofMinutes(60));
    assertThat(washer.read("water/temperature").asDouble()).isBetween(76.0, 84.0);
  }

  static void startJob(ServedMachine m, String order, String product, long target) {
    m.write("job/order", Value.of(order));
    m.write("job/product", Value.of(product));
    m.write("job/target", Value.of(target));
  }

  static String state(ServedMachine m) {
    return m.read("state").toString();
  }

  static int reason(ServedMachine m) {
    return (int) m.read("state/reason").asDouble();
  }

  static long at(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, Plant.ZONE)
        .toInstant()
        .toEpochMilli();
  }
}
