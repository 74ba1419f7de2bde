package io.millwright.bench;

import io.millwright.connect.Connector;
import io.millwright.connect.MachineLink;
import io.millwright.connect.s7.S7Connector;
import io.millwright.connect.s7.S7ConnectorFactory;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * S7 reads (issue 12): one connector polls N REAL variables of DB1 at an interval from a Snap7
 * server that {@code bench/s7.sh} starts; prints polls and samples per second against the target,
 * skipped polls (a poll that overran its interval), the last round trip and this JVM's CPU.
 *
 * <p>Arguments: {@code --port P [--variables 1000] [--interval-ms 100] [--seconds 20]}.
 */
public final class S7Benchmark {

  public static void main(String[] args) throws Exception {
    int port = 0;
    int variables = 1000;
    int intervalMs = 100;
    int seconds = 20;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--variables" -> variables = Integer.parseInt(args[i + 1]);
        case "--interval-ms" -> intervalMs = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < variables; i++) {
      tags.add(Tag.of("v/" + i, "%DB1:" + (i * 4) + ":REAL", DataType.FLOAT32));
    }
    MachineDefinition machine =
        new MachineDefinition(
            "press-02",
            "Servo press",
            "pressing",
            "line-1",
            Protocol.S7,
            "s7://127.0.0.1:" + port,
            Map.of(),
            Duration.ofMillis(intervalMs),
            tags);
    LongAdder samples = new LongAdder();
    LongAdder polls = new LongAdder();
    LongAdder bad = new LongAdder();
    MachineLink link =
        new MachineLink() {
          @Override
          public void samples(List<TagSample> batch) {
            polls.increment();
            samples.add(batch.size());
            for (TagSample s : batch) {
              if (!s.sample().quality().isGood()) {
                bad.increment();
              }
            }
          }

          @Override
          public void connected() {}

          @Override
          public void disconnected(String reason) {
            System.out.println("disconnected: " + reason);
          }
        };
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Connector c = new S7ConnectorFactory().create(machine)) {
      c.start(link);
      Thread.sleep(3000);
      long s0 = samples.sum();
      long p0 = polls.sum();
      long cpu0 = os.getProcessCpuTime();
      long skipped0 = ((S7Connector) c).skippedPolls();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double sampleRate = (samples.sum() - s0) / elapsed;
      double pollRate = (polls.sum() - p0) / elapsed;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9 / elapsed;
      double target = variables * 1000.0 / intervalMs;
      System.out.printf(
          "S7: %d variables every %d ms from Snap7 over %.0f s%n"
              + "  polls/s %.1f (target %.1f), samples/s %.0f (target %.0f): %s%n"
              + "  skipped polls %d, bad samples %d, last round trip %s%n"
              + "  CPU of this JVM %.1f%% of one core%n",
          variables,
          intervalMs,
          elapsed,
          pollRate,
          1000.0 / intervalMs,
          sampleRate,
          target,
          sampleRate >= 0.98 * target ? "met" : "MISSED",
          ((S7Connector) c).skippedPolls() - skipped0,
          bad.sum(),
          c.stats().roundTrip().map(d -> String.format("%.1f ms", d.toNanos() / 1e6)).orElse("-"),
          cpu * 100);
    }
    System.exit(0);
  }
}
