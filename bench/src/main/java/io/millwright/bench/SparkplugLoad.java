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
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostStats;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The clients of the benchmark, all in this JVM: E Sparkplug edge nodes (group {@code bench}, no
 * primary host, so they birth at once), each with D devices of T float64 tags, publishing one DDATA
 * of T metrics per {@link DeviceHandle#publish(List)} call; and one host application decoding them.
 *
 * <p>Latency: the first tag of every device, {@value #SENT}, carries the send time as {@code
 * System.nanoTime()} minus a fixed origin, a float64 that holds such a difference exactly for 104
 * days. The listener subtracts it from its own {@code nanoTime()} when the decoded samples reach
 * it, so a figure is publish-to-decode of one DDATA (all T samples of a message share it), with
 * nanosecond clock resolution, one clock, no distortion of the protocol (it is an ordinary metric).
 *
 * <p>Two ways to load: flat out, each device with at most {@code window} messages published and not
 * yet decoded (an end-to-end credit, so queues stay bounded and the rate is what the slowest stage
 * sustains); or paced (open loop) at a given rate, where the latency clock starts at the intended
 * send time, so a generator that falls behind shows up as latency rather than hiding it.
 */
final class SparkplugLoad implements AutoCloseable {

  static final String GROUP = "bench";
  static final String SENT = "sent";

  /** A device whose window stays full this long lost a message (QoS 0); its credit is refilled. */
  private static final long STALL_NANOS = Duration.ofSeconds(1).toNanos();

  /** What one measured phase saw. Latencies in nanoseconds, sorted. */
  record Phase(
      double seconds,
      long messagesSent,
      long messagesDecoded,
      long metricsDecoded,
      long[] latencies,
      double loadCpuSeconds,
      double brokerCpuSeconds,
      long stalls) {

    double metricsPerSecond() {
      return metricsDecoded / seconds;
    }

    double messagesPerSecond() {
      return messagesDecoded / seconds;
    }

    /** Latency at a quantile in milliseconds; NaN when nothing was measured. */
    double latencyMs(double quantile) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(quantile * latencies.length) - 1;
      return latencies[Math.clamp(index, 0, latencies.length - 1)] / 1e6;
    }
  }

  /** One device as both the generator and the host see it. */
  private static final class Device {
    final DeviceHandle handle;

    /** Flat out: one permit per message the device may have in flight; the host returns them. */
    final Semaphore credit;

    /** The highest sample sequence the host has seen; only the host's thread touches it. */
    long lastSequence;

    Device(DeviceHandle handle, int window) {
      this.handle = handle;
      this.credit = new Semaphore(window);
    }
  }

  private final long origin = System.nanoTime();
  private final int tags;
  private final int window;
  private final Path directory;
  private final List<String> tagNames;
  private final List<EdgeNodeSession> edges = new ArrayList<>();
  private final List<List<Device>> devicesByEdge = new ArrayList<>();
  private final Map<DeviceKey, Device> devices = new ConcurrentHashMap<>();
  private final HostApplicationSession host;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong decodedMessages = new AtomicLong();
  private final AtomicLong decodedMetrics = new AtomicLong();
  private final AtomicLong stalls = new AtomicLong();
  private final AtomicInteger births = new AtomicInteger();
  private final Latencies latencies = new Latencies();
  private volatile boolean running;

  SparkplugLoad(MqttEndpoint endpoint, int edgeCount, int devicesPerEdge, int tags, int window)
      throws IOException {
    this.tags = tags;
    this.window = window;
    this.directory = Files.createTempDirectory("mw-bench-edges");
    List<String> names = new ArrayList<>(List.of(SENT));
    List<Tag> tagList = new ArrayList<>(List.of(Tag.of(SENT, "bench:0", DataType.FLOAT64)));
    for (int i = 1; i < tags; i++) {
      String name = "v%03d".formatted(i);
      names.add(name);
      tagList.add(Tag.of(name, "bench:" + i, DataType.FLOAT64));
    }
    this.tagNames = List.copyOf(names);
    this.host =
        new HostApplicationSession(
            endpoint, HostConfig.of("bench-host").withGroup(GROUP), new Listener());
    for (int e = 0; e < edgeCount; e++) {
      String node = "node-" + (e + 1);
      EdgeNodeSession edge =
          new EdgeNodeSession(endpoint, EdgeNodeConfig.of(GROUP, node, directory.resolve(node)));
      List<Device> list = new ArrayList<>();
      for (int d = 0; d < devicesPerEdge; d++) {
        String id = "machine-" + (d + 1);
        Device device = new Device(edge.device(id, tagList, (tag, value) -> {}), window);
        devices.put(new DeviceKey(GROUP, node, id), device);
        list.add(device);
      }
      edges.add(edge);
      devicesByEdge.add(list);
    }
  }

  /** Host online first (so it sees every birth), then the edge nodes; returns once all are born. */
  void start(Duration timeout) throws InterruptedException {
    host.start();
    if (!host.awaitOnline(timeout)) {
      throw new IllegalStateException("the host application did not go online within " + timeout);
    }
    edges.forEach(EdgeNodeSession::start);
    for (EdgeNodeSession edge : edges) {
      if (!edge.awaitOnline(timeout)) {
        throw new IllegalStateException("an edge node did not go online within " + timeout);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (births.get() < devices.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the host saw " + births.get() + " of " + devices.size() + " device births");
      }
      Thread.sleep(10);
    }
  }

  /**
   * Loads for {@code warmup}, then measures for {@code measure}, then stops and lets what is in
   * flight arrive.
   *
   * @param metricsPerSecond the total rate, or 0 for flat out
   */
  Phase run(double metricsPerSecond, Duration warmup, Duration measure, long brokerPid)
      throws InterruptedException {
    running = true;
    List<Thread> threads = new ArrayList<>();
    double messagesPerEdge = metricsPerSecond / tags / edges.size();
    for (List<Device> edgeDevices : devicesByEdge) {
      Thread t =
          Thread.ofPlatform()
              .name("bench-edge-" + threads.size())
              .start(() -> generate(edgeDevices, messagesPerEdge));
      threads.add(t);
    }
    Thread.sleep(warmup);
    long self = ProcessHandle.current().pid();
    long sent0 = sent.get();
    long messages0 = decodedMessages.get();
    long metrics0 = decodedMetrics.get();
    long stalls0 = stalls.get();
    double loadCpu0 = Proc.cpuSeconds(self);
    double brokerCpu0 = Proc.cpuSeconds(brokerPid);
    long t0 = System.nanoTime();
    latencies.start();
    Thread.sleep(measure);
    long[] measured = latencies.stop();
    long t1 = System.nanoTime();
    Phase phase =
        new Phase(
            (t1 - t0) / 1e9,
            sent.get() - sent0,
            decodedMessages.get() - messages0,
            decodedMetrics.get() - metrics0,
            measured,
            Proc.cpuSeconds(self) - loadCpu0,
            Proc.cpuSeconds(brokerPid) - brokerCpu0,
            stalls.get() - stalls0);
    running = false;
    for (Thread t : threads) {
      t.join();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (decodedMessages.get() < sent.get() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    for (Device device : devices.values()) {
      device.credit.drainPermits();
      device.credit.release(window);
    }
    return phase;
  }

  /** Messages published and never decoded so far (QoS 0 lets a broker drop them). */
  long lost() {
    return sent.get() - decodedMessages.get();
  }

  HostStats hostStats() {
    return host.stats();
  }

  /** Device births the host saw after the first ones, i.e. rebirths. */
  int rebirths() {
    return births.get() - devices.size();
  }

  private void generate(List<Device> edgeDevices, double messagesPerSecond) {
    try {
      generateOrThrow(edgeDevices, messagesPerSecond);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void generateOrThrow(List<Device> edgeDevices, double messagesPerSecond)
      throws InterruptedException {
    boolean paced = messagesPerSecond > 0;
    long interval = paced ? (long) (1e9 / messagesPerSecond) : 0;
    long next = System.nanoTime();
    long counter = 0;
    while (running) {
      for (Device device : edgeDevices) {
        long sendTime;
        if (paced) {
          next += interval;
          long wait;
          while ((wait = next - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          sendTime = next;
        } else {
          if (!device.credit.tryAcquire(STALL_NANOS, TimeUnit.NANOSECONDS)) {
            // A message of this device was lost (QoS 0): carry on with a full window.
            stalls.incrementAndGet();
            device.credit.release(window);
            continue;
          }
          sendTime = System.nanoTime();
        }
        publish(device, sendTime, counter++);
      }
    }
  }

  /** One DDATA: every tag changes, so report-by-exception sends all of them. */
  private void publish(Device device, long sendTime, long counter) {
    long now = System.currentTimeMillis();
    List<TagSample> samples = new ArrayList<>(tags);
    samples.add(new TagSample(SENT, Sample.good(now, Value.of((double) (sendTime - origin)))));
    for (int i = 1; i < tags; i++) {
      samples.add(new TagSample(tagNames.get(i), Sample.good(now, Value.of((double) counter + i))));
    }
    sent.incrementAndGet();
    int accepted = device.handle.publish(samples);
    if (accepted != tags) {
      throw new IllegalStateException("only " + accepted + " of " + tags + " samples were sent");
    }
  }

  /**
   * Counts on the host's receiving thread; the first sample of a DDATA carries its send time.
   * Births carry no value at first (the tags have none yet) and, on a rebirth, values already
   * counted.
   */
  private final class Listener implements SparkplugListener {
    @Override
    public void onOnline(DeviceKey key) {
      if (devices.containsKey(key)) {
        births.incrementAndGet();
      }
    }

    @Override
    public void onSamples(DeviceKey key, List<MetricSample> samples) {
      Device device = devices.get(key);
      if (device == null) {
        return;
      }
      long now = System.nanoTime();
      MetricSample first = samples.getFirst();
      if (first.sequence() <= device.lastSequence) {
        // A (re)birth repeats the last values, with the sequences they were first sent with.
        return;
      }
      device.lastSequence = first.sequence();
      decodedMetrics.addAndGet(samples.size());
      if (first.metric().equals(SENT) && first.sample().quality().isGood()) {
        latencies.record(now - origin - (long) first.sample().value().asDouble());
        device.credit.release();
        decodedMessages.incrementAndGet();
      }
    }
  }

  /** Latencies of one measured phase; written by the host's thread, read once it stops. */
  private static final class Latencies {
    private long[] values = new long[0];
    private int size;
    private boolean recording;

    synchronized void start() {
      values = new long[1 << 16];
      size = 0;
      recording = true;
    }

    synchronized void record(long nanos) {
      if (!recording) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    synchronized long[] stop() {
      recording = false;
      long[] out = Arrays.copyOf(values, size);
      Arrays.sort(out);
      return out;
    }
  }

  @Override
  public void close() {
    running = false;
    edges.forEach(EdgeNodeSession::close);
    host.close();
    BrokerProcess.deleteRecursively(directory);
  }
}
