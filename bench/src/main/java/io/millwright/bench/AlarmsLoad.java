package io.millwright.bench;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The connectors' side of the alarms benchmark, in this JVM: E Sparkplug edge nodes of the site
 * (group = site, no primary host, so they birth at once) carrying M synthetic machines between
 * them, each machine with T float64 tags, each tag with one {@code high} limit alarm in the
 * machines file the binary runs with. Every machine publishes one DDATA with all its tags at a
 * fixed rate (paced, open loop), so the total is the asked samples per second. Values stay below
 * the limit except in excursions: one tag of the message goes above the limit, and back below it
 * minus the deadband in that machine's next message. Each excursion is recorded with the sample's
 * timestamp (the wall clock when it was published) and the {@code nanoTime} of the publish, so that
 * the alarm event it causes can be matched to it and timed.
 */
final class AlarmsLoad implements AutoCloseable {

  /** The limit of every alarm and the deadband, as written into the machines file. */
  static final double HIGH = 100;

  static final double DEADBAND = 1;

  /** An excursion sample: well above the limit. */
  private static final double EXCURSION = 150;

  /** One excursion sent: which alarm, the sample's timestamp and when it was published. */
  record Excursion(String alarmId, long sampleMillis, long sentNanos, boolean measured) {}

  /** One machine as its generator thread sees it. */
  private static final class Machine {
    final String id;
    final DeviceHandle handle;

    /** An excursion is due: the machine's next message carries it. */
    boolean due;

    /** The next tag to take on an excursion: round robin, so an alarm is hit once per cycle. */
    int nextHigh;

    Machine(String id, DeviceHandle handle) {
      this.id = id;
      this.handle = handle;
    }
  }

  private final String site;
  private final int tags;
  private final Path directory;
  private final List<String> tagNames = new ArrayList<>();
  private final List<String> alarmNames = new ArrayList<>();
  private final List<EdgeNodeSession> edges = new ArrayList<>();
  private final List<List<Machine>> machinesByEdge = new ArrayList<>();
  private final Map<String, Excursion> excursions = new ConcurrentHashMap<>();
  private final LongAdder samplesSent = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder excursionsSent = new LongAdder();
  private final LongAdder measuredExcursions = new LongAdder();
  private final LongAdder behind = new LongAdder();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  private volatile boolean measuring;

  AlarmsLoad(MqttEndpoint endpoint, String site, int edgeCount, int machines, int tags)
      throws IOException {
    this.site = site;
    this.tags = tags;
    this.directory = Files.createTempDirectory("mw-bench-alarm-edges");
    List<Tag> tagList = new ArrayList<>();
    for (int i = 0; i < tags; i++) {
      String name = tagName(i);
      tagNames.add(name);
      // The alarm's default name: the tag path with '/' as '-', then the level.
      alarmNames.add(name.replace('/', '-') + "-high");
      tagList.add(Tag.of(name, "input:" + (4 * i), DataType.FLOAT64));
    }
    for (int e = 0; e < edgeCount; e++) {
      String node = "bench-edge-" + (e + 1);
      EdgeNodeSession edge =
          new EdgeNodeSession(endpoint, EdgeNodeConfig.of(site, node, directory.resolve(node)));
      edges.add(edge);
      machinesByEdge.add(new ArrayList<>());
    }
    for (int m = 0; m < machines; m++) {
      String id = machineId(m);
      int e = m % edgeCount;
      machinesByEdge
          .get(e)
          .add(new Machine(id, edges.get(e).device(id, tagList, (tag, value) -> {})));
    }
  }

  static String machineId(int index) {
    return String.format(Locale.ROOT, "m-%04d", index + 1);
  }

  static String tagName(int index) {
    return String.format(Locale.ROOT, "v/%02d", index + 1);
  }

  /** The machines file the binary runs with: the same machines, tags and one alarm per tag. */
  static String machinesYaml(int machines, int tags) {
    StringBuilder out = new StringBuilder(machines * tags * 120).append("machines:\n");
    for (int m = 0; m < machines; m++) {
      out.append("  - id: ")
          .append(machineId(m))
          .append("\n    area: bench\n    line: line-")
          .append(m / 50 + 1)
          .append("\n    protocol: modbus\n")
          // Never connected: the benchmark runs only broker and alarms, and plays the
          // connectors' edge nodes itself.
          .append("    endpoint: tcp://127.0.0.1:1\n    tags:\n");
      for (int t = 0; t < tags; t++) {
        out.append("      - { name: ")
            .append(tagName(t))
            .append(", address: \"input:")
            .append(4 * t)
            .append("\", type: float64 }\n");
      }
      out.append("    alarms:\n");
      for (int t = 0; t < tags; t++) {
        out.append("      - { tag: ")
            .append(tagName(t))
            .append(", high: ")
            .append((int) HIGH)
            .append(", deadband: ")
            .append((int) DEADBAND)
            .append(" }\n");
      }
    }
    return out.toString();
  }

  /** Connects the edge nodes; returns once all are online (their devices born). */
  void start(Duration timeout) throws InterruptedException {
    edges.forEach(EdgeNodeSession::start);
    for (EdgeNodeSession edge : edges) {
      if (!edge.awaitOnline(timeout)) {
        throw new IllegalStateException("an edge node did not go online within " + timeout);
      }
    }
  }

  /**
   * Starts one generator thread per edge node.
   *
   * @param samplesPerSecond the total over all machines
   * @param excursionsPerSecond the total excursions
   */
  void run(double samplesPerSecond, double excursionsPerSecond) {
    running = true;
    double messagesPerEdge = samplesPerSecond / tags / edges.size();
    double excursionsPerEdge = excursionsPerSecond / edges.size();
    for (int e = 0; e < edges.size(); e++) {
      List<Machine> list = machinesByEdge.get(e);
      int offset = e;
      threads.add(
          Thread.ofPlatform()
              .name("bench-edge-" + e)
              .start(() -> generate(list, messagesPerEdge, excursionsPerEdge, offset)));
    }
  }

  /** From now on, excursions count for the figures (until {@link #stopMeasuring}). */
  void startMeasuring() {
    measuring = true;
  }

  void stopMeasuring() {
    measuring = false;
  }

  /** Stops the generators; what was published is left to arrive. */
  void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join();
    }
    threads.clear();
  }

  /** The excursion sent on an alarm, by its id {@code machine/alarm}, or null. */
  Excursion excursion(String alarmId) {
    return excursions.get(alarmId);
  }

  /** Every excursion sent while measuring. */
  List<Excursion> measured() {
    return excursions.values().stream().filter(Excursion::measured).toList();
  }

  long samplesSent() {
    return samplesSent.sum();
  }

  long messagesSent() {
    return messagesSent.sum();
  }

  long excursionsSent() {
    return excursionsSent.sum();
  }

  long measuredExcursions() {
    return measuredExcursions.sum();
  }

  /**
   * What the edge nodes did besides live data, summed: rebirths on a host's request (after it saw a
   * sequence gap), samples buffered and sent as history (not evaluated by the alarms role), samples
   * report by exception held back.
   */
  String edgeStats() {
    long rebirths = 0;
    long buffered = 0;
    long historical = 0;
    long suppressed = 0;
    for (EdgeNodeSession edge : edges) {
      var s = edge.stats();
      rebirths += s.rebirths();
      buffered += s.buffered();
      historical += s.historicalSent();
      suppressed += s.suppressed();
    }
    return "rebirths %d, samples buffered %d, sent as history %d, held back by report by exception %d"
        .formatted(rebirths, buffered, historical, suppressed);
  }

  /** Messages sent more than 10 ms after their planned time: the generator could not keep up. */
  long behind() {
    return behind.sum();
  }

  private void generate(
      List<Machine> machines, double messagesPerSecond, double excursionsPerSecond, int offset) {
    long interval = (long) (1e9 / messagesPerSecond);
    long excursionInterval = (long) (1e9 / excursionsPerSecond);
    // Edges start staggered within one interval, so their messages interleave evenly.
    long next = System.nanoTime() + interval * offset / edges.size();
    long nextExcursion = next + excursionInterval / 2;
    long counter = 0;
    int index = 0;
    // Excursions go to the machines in turn, independently of the message order (otherwise a rate
    // that divides the number of machines would only ever pick a few of them).
    int excursionCursor = 0;
    List<TagSample> samples = new ArrayList<>(tags);
    while (running) {
      next += interval;
      long wait;
      while ((wait = next - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() - next > 10_000_000) {
        behind.increment();
      }
      Machine machine = machines.get(index);
      index = (index + 1) % machines.size();
      counter++;
      if (next >= nextExcursion) {
        nextExcursion += excursionInterval;
        machines.get(excursionCursor).due = true;
        excursionCursor = (excursionCursor + 1) % machines.size();
      }
      int excursion = -1;
      if (machine.due) {
        // The previous excursion of this machine returned in its message after it.
        machine.due = false;
        excursion = machine.nextHigh;
        machine.nextHigh = (machine.nextHigh + 1) % tags;
      }
      samples.clear();
      long now = System.currentTimeMillis();
      for (int t = 0; t < tags; t++) {
        double value;
        if (t == excursion) {
          // Differs from the last excursion value of this tag, so report by exception sends it.
          value = EXCURSION + (counter % 1000) / 1000.0;
        } else {
          // Below the limit minus the deadband, and a new value every time.
          value = 50 + ((counter * 31 + t * 7) % 400) / 10.0;
        }
        samples.add(new TagSample(tagNames.get(t), Sample.good(now, Value.of(value))));
      }
      if (excursion >= 0) {
        String id = machine.id + "/" + alarmNames.get(excursion);
        boolean measured = measuring;
        // Recorded before the publish: the event can come back before publish() returns.
        excursions.put(id, new Excursion(id, now, System.nanoTime(), measured));
        excursionsSent.increment();
        if (measured) {
          measuredExcursions.increment();
        }
      }
      int accepted = machine.handle.publish(samples);
      if (accepted != tags) {
        throw new IllegalStateException("only " + accepted + " of " + tags + " samples were sent");
      }
      messagesSent.increment();
      samplesSent.add(tags);
    }
  }

  @Override
  public void close() {
    running = false;
    edges.forEach(EdgeNodeSession::close);
    BrokerProcess.deleteRecursively(directory);
  }

  String site() {
    return site;
  }
}
