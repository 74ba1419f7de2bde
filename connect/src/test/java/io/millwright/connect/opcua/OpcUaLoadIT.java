package io.millwright.connect.opcua;

import static io.millwright.connect.opcua.Machines.machine;
import static io.millwright.connect.opcua.Machines.plant;
import static io.millwright.connect.opcua.Machines.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.Connector;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a check: 10,000 monitored items sampled every 100 ms against a Milo server in
 * this JVM whose values change every 100 ms. Prints samples per second and the process CPU (server
 * and client together). Run with {@code -Dmillwright.load=true}.
 */
@EnabledIfSystemProperty(named = "millwright.load", matches = "true")
class OpcUaLoadIT {

  private static final int ITEMS = 10_000;
  private static final Duration MEASURE = Duration.ofSeconds(20);

  @TempDir Path pki;

  @Test
  void tenThousandItemsAtOneHundredMilliseconds() throws Exception {
    try (PlantServer server = PlantServer.start(ITEMS)) {
      List<Tag> tags = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        tags.add(tag("bulk/" + i, plant("bulk/" + i), DataType.FLOAT64));
      }
      var link = new RecordingLink(false);
      long setupStart = System.nanoTime();
      try (Connector connector =
          new OpcUaConnectorFactory(pki).create(machine(server.endpoint(), Map.of(), tags))) {
        connector.start(link);
        await().atMost(Duration.ofMinutes(3)).until(() -> link.counts.size() == ITEMS);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        Thread.sleep(3000);
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long samples0 = link.total();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(MEASURE.toMillis());
        long samples = link.total() - samples0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(
            "OPC UA load: %d items, all delivering after %.1f s; %.0f samples/s (ideal %d);"
                + " process CPU %.2f cores of %d (server + client); heap used %d MB; stats %s%n",
            ITEMS,
            setupSeconds,
            samples / wall,
            ITEMS * 10,
            cpu / wall,
            Runtime.getRuntime().availableProcessors(),
            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
            connector.stats());
        assertThat(samples).isPositive();
      }
    }
  }
}
