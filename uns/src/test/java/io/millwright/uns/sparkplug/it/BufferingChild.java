package io.millwright.uns.sparkplug.it;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.TagSample;
import io.millwright.uns.testkit.TestBroker;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The child JVM of {@link BufferKillIT}: an edge node session that cannot reach its broker buffers
 * samples from several threads, single and in batches, and prints {@code tag value;} on stdout for
 * each sample once {@code publish} has accepted it, until it is killed.
 *
 * <p>Arguments: the data directory, the run number (the high part of every value, so runs never
 * print the same value).
 */
public final class BufferingChild {

  static final String DEVICE = "press-01";
  static final int SINGLE_THREADS = 3;
  static final int BATCH = 5;

  private BufferingChild() {}

  static List<Tag> tags() {
    List<Tag> tags = new ArrayList<>();
    for (int t = 0; t < SINGLE_THREADS; t++) {
      tags.add(Tag.of("single/" + t, "x", DataType.INT64));
    }
    for (int b = 0; b < BATCH; b++) {
      tags.add(Tag.of("batch/" + b, "x", DataType.INT64));
    }
    return tags;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long base = Long.parseLong(args[1]) * 1_000_000_000L;
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    // Nothing listens there: the session keeps reconnecting and buffers meanwhile.
    MqttEndpoint nowhere =
        new MqttEndpoint(
            "127.0.0.1",
            TestBroker.freePort(),
            false,
            Optional.empty(),
            Optional.empty(),
            "u",
            "p");
    EdgeNodeSession session = new EdgeNodeSession(nowhere, EdgeNodeConfig.of("kill", "n", dir));
    DeviceHandle device = session.device(DEVICE, tags(), (t, v) -> {});
    session.start();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < SINGLE_THREADS; t++) {
      String tag = "single/" + t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (long i = base; ; i++) {
                      if (device.publish(tag, Sample.good(i, Value.of(i)))) {
                        report(out, tag + " " + i);
                      }
                    }
                  }));
    }
    threads.add(
        Thread.ofPlatform()
            .start(
                () -> {
                  for (long i = base; ; i++) {
                    List<TagSample> samples = new ArrayList<>();
                    for (int b = 0; b < BATCH; b++) {
                      samples.add(new TagSample("batch/" + b, Sample.good(i, Value.of(i))));
                    }
                    if (device.publish(samples) == BATCH) {
                      StringBuilder lines = new StringBuilder();
                      for (int b = 0; b < BATCH; b++) {
                        lines.append("batch/").append(b).append(' ').append(i).append(";\n");
                      }
                      synchronized (out) {
                        out.print(lines);
                        out.flush();
                      }
                    }
                  }
                }));
    for (Thread t : threads) {
      t.join();
    }
  }

  private static void report(PrintStream out, String line) {
    synchronized (out) {
      out.print(line + ";\n");
      out.flush();
    }
  }
}
