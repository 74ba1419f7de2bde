package io.millwright.connect.modbus;

import io.millwright.connect.MachineLink;
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
 * Measures, does not assert: 10 connectors each polling 1,000 holding registers (500 float32 tags)
 * every 100 ms from 10 j2mod slaves in the same JVM. Prints samples/s and the process CPU use. Run:
 * {@code java -cp <test classpath> io.millwright.connect.modbus.ModbusPollingBenchmark}.
 */
public final class ModbusPollingBenchmark {

  private ModbusPollingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int machines = 10;
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    LongAdder samples = new LongAdder();
    MachineLink link =
        new MachineLink() {
          @Override
          public void samples(List<TagSample> batch) {
            samples.add(batch.size());
          }

          @Override
          public void connected() {}

          @Override
          public void disconnected(String reason) {
            System.out.println("disconnected: " + reason);
          }
        };
    List<TestSlave> slaves = new ArrayList<>();
    List<ModbusConnector> connectors = new ArrayList<>();
    for (int m = 0; m < machines; m++) {
      TestSlave slave = TestSlave.start(1000, 0);
      slaves.add(slave);
      List<Tag> tags = new ArrayList<>();
      for (int i = 0; i < 1000; i += 2) {
        tags.add(Tag.of("t" + i, "holding:" + i, DataType.FLOAT32));
      }
      MachineDefinition def =
          new MachineDefinition(
              "bench-" + m,
              "b",
              "a",
              "l",
              Protocol.MODBUS,
              slave.endpoint(),
              Map.of(),
              Duration.ofMillis(100),
              tags);
      ModbusConnector c = new ModbusConnectorFactory().create(def);
      connectors.add(c);
      c.start(link);
    }
    Thread.sleep(3000); // warm-up
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long s0 = samples.sum();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long elapsed = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    long n = samples.sum() - s0;
    long skipped = connectors.stream().mapToLong(ModbusConnector::skippedPolls).sum();
    System.out.printf(
        "%d connectors x 500 float32 (1000 registers) @100ms: %.0f samples/s (ideal %d),"
            + " CPU %.0f%% of one core (slaves in the same JVM), skipped polls %d,"
            + " last round trip %s%n",
        machines,
        n / (elapsed / 1e9),
        machines * 500 * 10,
        100.0 * cpu / elapsed,
        skipped,
        connectors.get(0).stats().roundTrip().orElse(null));
    connectors.forEach(ModbusConnector::close);
    slaves.forEach(TestSlave::close);
  }
}
