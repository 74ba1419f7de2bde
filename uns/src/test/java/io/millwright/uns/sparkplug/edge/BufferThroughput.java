package io.millwright.uns.sparkplug.edge;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.testkit.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A quick loop, not a test: how many samples per second an edge node session buffers while it has
 * no broker, with 1 and 8 publishing threads and 1 or 100 samples per publish call. Run with the
 * test class path: {@code java -cp ... io.millwright.uns.sparkplug.edge.BufferThroughput
 * [seconds]}.
 */
public final class BufferThroughput {

  private BufferThroughput() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    for (int[] run : new int[][] {{1, 1}, {8, 1}, {1, 100}, {8, 100}}) {
      int threads = run[0];
      int batch = run[1];
      Path dir = Files.createTempDirectory("mw-buffer-throughput");
      MqttEndpoint nowhere =
          new MqttEndpoint(
              "127.0.0.1",
              TestBroker.freePort(),
              false,
              Optional.empty(),
              Optional.empty(),
              "u",
              "p");
      try (EdgeNodeSession session =
          new EdgeNodeSession(nowhere, EdgeNodeConfig.of("bench", "node", dir))) {
        List<DeviceHandle> devices = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<Tag> tags = new ArrayList<>();
          for (int k = 0; k < batch; k++) {
            tags.add(Tag.of("v" + k, "x", DataType.INT64));
          }
          devices.add(session.device("d" + t, tags, (n, v) -> {}));
        }
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long[] counts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int index = t;
          workers.add(
              Thread.ofPlatform()
                  .start(
                      () -> {
                        DeviceHandle d = devices.get(index);
                        long i = 0;
                        while (System.nanoTime() < end) {
                          List<TagSample> samples = new ArrayList<>(batch);
                          for (int k = 0; k < batch; k++) {
                            samples.add(new TagSample("v" + k, Sample.good(i, Value.of(i))));
                          }
                          d.publish(samples);
                          i += batch;
                        }
                        counts[index] = i;
                      }));
        }
        for (Thread w : workers) {
          w.join();
        }
        long total = 0;
        for (long c : counts) {
          total += c;
        }
        System.out.printf(
            "%d thread(s), %d sample(s) per publish: %,.0f samples/s buffered (%,d in %.1f s)%n",
            threads, batch, total / seconds, total, seconds);
      }
    }
  }
}
