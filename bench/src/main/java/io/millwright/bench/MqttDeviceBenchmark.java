package io.millwright.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.MachineLink;
import io.millwright.connect.mqtt.MqttDeviceConnectorFactory;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * MQTT device connector throughput: a local Mosquitto, simulated devices in this JVM publishing
 * JSON status messages of T float64 fields as fast as the broker acknowledges them (QoS 1, a window
 * of unacknowledged messages per device), and one MQTT device connector per device mapping every
 * field to a sample. Prints messages and samples mapped per second, read errors, the delay from a
 * message's device time ({@code ts}) to its samples (p50/p99, milliseconds), the JVM's CPU (devices
 * and connectors together) and Mosquitto's.
 */
public final class MqttDeviceBenchmark {

  record Options(
      Path javaHome,
      int devices,
      int tags,
      int window,
      int qos,
      int warmupSeconds,
      int measureSeconds) {

    static Options parse(String[] args) {
      Path javaHome = Path.of(System.getProperty("java.home"));
      int devices = 1;
      int tags = 20;
      int window = 500;
      int qos = 1;
      int warmup = 5;
      int measure = 20;
      for (int i = 0; i < args.length; i += 2) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--java-home" -> javaHome = Path.of(value);
          case "--devices" -> devices = Integer.parseInt(value);
          case "--tags" -> tags = Integer.parseInt(value);
          case "--window" -> window = Integer.parseInt(value);
          case "--qos" -> qos = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--measure" -> measure = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(javaHome, devices, tags, window, qos, warmup, measure);
    }
  }

  /** Counts what one connector delivers, and how old each message was when it was mapped. */
  static final class CountingLink implements MachineLink {
    /** Delay histogram in whole milliseconds; the last bucket holds everything slower. */
    final AtomicLongArray delays = new AtomicLongArray(10_001);

    final LongAdder messages = new LongAdder();
    final LongAdder samples = new LongAdder();
    volatile boolean connected;
    volatile boolean measuring;

    @Override
    public void samples(List<TagSample> batch) {
      messages.increment();
      samples.add(batch.size());
      if (measuring && !batch.isEmpty()) {
        long delay = System.currentTimeMillis() - batch.getFirst().sample().timestamp();
        delays.incrementAndGet(Math.clamp(delay, 0, delays.length() - 1));
      }
    }

    @Override
    public void connected() {
      connected = true;
    }

    @Override
    public void disconnected(String reason) {
      connected = false;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    try (BrokerProcess broker =
        BrokerProcess.start(
            BrokerProcess.Kind.MOSQUITTO, options.javaHome(), null, "", List.of())) {
      List<Connector> connectors = new ArrayList<>();
      List<CountingLink> links = new ArrayList<>();
      List<Mqtt5AsyncClient> devices = new ArrayList<>();
      List<Thread> publishers = new ArrayList<>();
      try {
        for (int d = 0; d < options.devices(); d++) {
          CountingLink link = new CountingLink();
          Connector connector =
              new MqttDeviceConnectorFactory().create(definition(options, d, broker));
          connector.start(link);
          connectors.add(connector);
          links.add(link);
          Mqtt5AsyncClient device =
              broker.endpoint().clientBuilder("bench-device-" + d).buildAsync();
          device.connect().get(10, TimeUnit.SECONDS);
          devices.add(device);
        }
        while (links.stream().anyMatch(l -> !l.connected)) {
          Thread.sleep(50);
        }
        for (int d = 0; d < options.devices(); d++) {
          int device = d;
          publishers.add(
              Thread.ofPlatform()
                  .name("bench-device-" + d)
                  .daemon()
                  .start(() -> publish(options, device, devices.get(device))));
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
        links.forEach(l -> l.measuring = true);
        long messages0 = sum(links, l -> l.messages.sum());
        long samples0 = sum(links, l -> l.samples.sum());
        double jvmCpu0 = jvmCpuSeconds();
        double brokerCpu0 = Proc.cpuSeconds(broker.pid());
        long begin = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.measureSeconds()));
        double seconds = (System.nanoTime() - begin) / 1e9;
        long messages = sum(links, l -> l.messages.sum()) - messages0;
        long samples = sum(links, l -> l.samples.sum()) - samples0;
        double jvmCpu = jvmCpuSeconds() - jvmCpu0;
        double brokerCpu = Proc.cpuSeconds(broker.pid()) - brokerCpu0;
        long readErrors =
            connectors.stream().map(Connector::stats).mapToLong(ConnectorStats::readErrors).sum();
        System.out.printf(
            Locale.ROOT,
            "devices %d x %d float64 fields, QoS %d, window %d, %d s measured%n"
                + "mapped: %.0f messages/s, %.0f samples/s, %d read errors%n"
                + "delay device time -> samples: p50 %d ms, p99 %d ms%n"
                + "CPU: benchmark JVM (devices + connectors) %.0f%%, mosquitto %.0f%% of one core%n",
            options.devices(),
            options.tags(),
            options.qos(),
            options.window(),
            options.measureSeconds(),
            messages / seconds,
            samples / seconds,
            readErrors,
            percentile(links, 0.50),
            percentile(links, 0.99),
            100 * jvmCpu / seconds,
            100 * brokerCpu / seconds);
      } finally {
        publishers.forEach(Thread::interrupt);
        connectors.forEach(Connector::close);
        for (Mqtt5AsyncClient device : devices) {
          device.disconnect().exceptionally(e -> null).get(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  static MachineDefinition definition(Options options, int device, BrokerProcess broker) {
    String topic = "bench/device-" + device + "/status";
    List<Tag> tags = new ArrayList<>();
    for (int t = 0; t < options.tags(); t++) {
      tags.add(Tag.of("field-" + t, topic + "#/f" + t, DataType.FLOAT64));
    }
    return new MachineDefinition(
        "device-" + device,
        "Benchmark device " + device,
        "bench",
        "line-1",
        Protocol.MQTT,
        "mqtt://127.0.0.1:" + broker.endpoint().port(),
        Map.of(
            "username",
            BrokerProcess.USER,
            "password",
            BrokerProcess.PASSWORD,
            "qos",
            Integer.toString(options.qos()),
            "timestampField",
            "/ts"),
        null,
        tags);
  }

  /**
   * Publishes as fast as the broker acknowledges: at most {@code window} messages unacknowledged,
   * so that the figures are the sustained rate, not a queue filling up.
   */
  static void publish(Options options, int device, Mqtt5AsyncClient client) {
    String topic = "bench/device-" + device + "/status";
    Semaphore window = new Semaphore(options.window());
    StringBuilder json = new StringBuilder();
    long n = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        window.acquire();
        json.setLength(0);
        json.append("{\"ts\":").append(System.currentTimeMillis());
        for (int t = 0; t < options.tags(); t++) {
          json.append(",\"f").append(t).append("\":").append(n % 1000 + t / 10.0);
        }
        json.append('}');
        n++;
        client
            .publishWith()
            .topic(topic)
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(json.toString().getBytes(StandardCharsets.UTF_8))
            .send()
            .whenComplete((ack, error) -> window.release());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long sum(
      List<CountingLink> links, java.util.function.ToLongFunction<CountingLink> f) {
    return links.stream().mapToLong(f).sum();
  }

  private static long percentile(List<CountingLink> links, double p) {
    long[] merged = new long[links.getFirst().delays.length()];
    long total = 0;
    for (CountingLink l : links) {
      for (int i = 0; i < merged.length; i++) {
        merged[i] += l.delays.get(i);
        total += l.delays.get(i);
      }
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int i = 0; i < merged.length; i++) {
      seen += merged[i];
      if (seen >= rank && total > 0) {
        return i;
      }
    }
    return -1;
  }

  private static double jvmCpuSeconds() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime() / 1e9;
  }
}
