package io.millwright.simulator;

import io.millwright.simulator.plant.Plant;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the training data of the anomaly models shipped with the alarms role: the demo plant's
 * healthy machining centres and lathe, run in simulated time, sampled on a fixed grid as the {@code
 * alarms} role's model detector samples its inputs (the last value before each grid point).
 *
 * <p>Healthy only: cnc-02's bearing wears from the start, which is what the model must learn to
 * tell apart, so it is left out. Each seed is a different day of the same plant.
 *
 * <p>Run with {@code alarms/model/train.sh}, or by hand: {@code java -cp ...
 * io.millwright.simulator.TrainingData out.csv 24 60 1 2 3} (file, hours per seed, step in seconds,
 * seeds).
 */
public final class TrainingData {

  /** The healthy machines of the demo's machining cell: a centre and a lathe. */
  static final List<String> MACHINES = List.of("cnc-01", "cnc-03");

  /** What the bearing model reads, in the order of its inputs. */
  static final List<String> TAGS =
      List.of("spindle/speed", "spindle/load", "spindle/bearing-temperature");

  private TrainingData() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: TrainingData <out.csv> <hours per seed> <step seconds> <seed>...");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Duration hours = Duration.ofHours(Long.parseLong(args[1]));
    Duration step = Duration.ofSeconds(Long.parseLong(args[2]));
    List<Long> seeds = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      seeds.add(Long.parseLong(args[i]));
    }
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      write(w, seeds, hours, step);
    }
  }

  /**
   * One row per seed, machine and grid point: {@code seed,machine,time,state,speed,load,bearing}.
   */
  static void write(Writer w, List<Long> seeds, Duration length, Duration step) throws IOException {
    w.write("seed,machine,time_ms,state,speed,load,bearing_temperature\n");
    for (long seed : seeds) {
      Plant plant = Plant.demo(seed);
      long start = plant.now();
      long end = start + length.toMillis();
      for (long t = start + step.toMillis(); t <= end; t += step.toMillis()) {
        // After advancing to t the tags hold the last values before t: one grid point.
        plant.advanceTo(t);
        for (String id : MACHINES) {
          ServedMachine m = plant.machine(id);
          StringBuilder row = new StringBuilder(96);
          row.append(seed).append(',').append(id).append(',').append(t - start).append(',');
          row.append(m.read("state"));
          for (String tag : TAGS) {
            row.append(',').append(String.format(Locale.ROOT, "%.4f", m.read(tag).asDouble()));
          }
          w.write(row.append('\n').toString());
        }
      }
    }
  }
}
