package io.millwright.connect.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.Connector;
import io.millwright.connect.RecordingLink;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A PLC that keeps going away: other edge gateways are known to grow a thread or a buffer pool per
 * reconnect until they fall over after a long outage. Here the PLC leaves the network and comes
 * back 25 times, and stays away for a stretch of failed attempts; the connector's threads and
 * retained heap are the same at the end as after the first cycles.
 */
class S7OutageIT {

  static final int CYCLES = 25;

  @Test
  void threadsAndHeapStayFlatOverManyOutages() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (Snap7Plc plc = Snap7Plc.start()) {
      List<Tag> tags = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        tags.add(Tag.of("v/" + i, "%DB1:" + (i * 4) + ":REAL", DataType.FLOAT32));
      }
      MachineDefinition machine =
          new MachineDefinition(
              "laser-01",
              "Laser cutter",
              "finishing",
              "line-3",
              Protocol.S7,
              "s7://127.0.0.1:" + plc.port,
              Map.of("timeout", "1s"),
              Duration.ofMillis(100),
              tags);
      RecordingLink link = new RecordingLink(false);
      long baselineThreads = 0;
      long baselineHeap = 0;
      try (Connector c = new S7ConnectorFactory().create(machine)) {
        c.start(link);
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
          int cycleNo = cycle;
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> count(link, "connected") == cycleNo && link.latest("v/199") != null);
          if (cycle == 5) {
            baselineThreads = threads.getThreadCount();
            baselineHeap = retainedHeap(memory);
          }
          plc.stop();
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> count(link, "disconnected") == cycleNo);
          if (cycle == CYCLES / 2) {
            // A longer stretch off: several attempts refused in a row, with back-off.
            await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> c.stats().reconnects() >= cycleNo + 4);
          }
          link.clear();
          plc.resume();
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> count(link, "connected") == CYCLES + 1 && link.latest("v/199") != null);
        long threadsBefore = baselineThreads;
        // A closed session's event loop shuts down gracefully, a moment after the close: a busy
        // machine may still count the last one. A leak keeps one per outage, and never drops.
        await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () ->
                    assertThat((long) threads.getThreadCount())
                        .as("threads: %s", threadNames())
                        .isLessThanOrEqualTo(threadsBefore + 2));
        long endThreads = threads.getThreadCount();
        long endHeap = retainedHeap(memory);
        System.out.printf(
            "S7 outage: %d cycles, %d reconnect attempts; threads %d -> %d; retained heap %.1f -> %.1f MB%n",
            CYCLES,
            c.stats().reconnects(),
            baselineThreads,
            endThreads,
            baselineHeap / 1e6,
            endHeap / 1e6);
        assertThat(endHeap - baselineHeap).isLessThan(16_000_000);
        assertThat(c.stats().reconnects()).isGreaterThanOrEqualTo(CYCLES + 4);
      }
    }
  }

  private static long count(RecordingLink link, String event) {
    return link.events.stream().filter(e -> e.startsWith(event)).count();
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
  }

  /** Heap in use after a collection: what the process keeps, not what it has not freed yet. */
  private static long retainedHeap(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
