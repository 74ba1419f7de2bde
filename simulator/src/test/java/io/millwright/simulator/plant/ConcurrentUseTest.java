package io.millwright.simulator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrentUseTest {

  @Test
  void serversReadAndWriteWhileTheClockRuns() throws Exception {
    Plant plant = Plant.demo(51);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<Long>> readers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      for (int r = 0; r < 3; r++) {
        readers.add(
            pool.submit(
                () -> {
                  long reads = 0;
                  double lastCycles = 0;
                  ServedMachine press = plant.machine("press-02");
                  while (running.get()) {
                    for (ServedMachine m : plant.machines()) {
                      for (TagSpec t : m.tags()) {
                        assertThat(m.read(t.name()).kind()).isEqualTo(t.type().kind());
                        reads++;
                      }
                    }
                    double cycles = press.read("counts/cycles").asDouble();
                    assertThat(cycles).isGreaterThanOrEqualTo(lastCycles);
                    lastCycles = cycles;
                    plant.machine("imm-01").write("mould/temperature/setpoint", Value.of(60.0));
                  }
                  return reads;
                }));
      }
      for (int i = 0; i < 60; i++) {
        plant.advance(Duration.ofMinutes(2));
        plant.startDrift("cmm-01", "room/temperature", i % 3);
      }
      running.set(false);
      for (Future<Long> f : readers) {
        assertThat(f.get()).isPositive();
      }
    }
    for (ServedMachine m : plant.machines()) {
      GroundTruthTest.checkAgainstServed(plant, m);
    }
  }
}
