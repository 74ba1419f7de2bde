package io.millwright.bench;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.simulator.MachinesYaml;
import io.millwright.simulator.Simulator;
import io.millwright.simulator.SimulatorConfig;
import io.millwright.simulator.plant.Plant;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connector throughput (issue 4): the simulator's synthetic plant serves N machines over Modbus TCP
 * and/or OPC UA from this JVM; the real binary ({@code run --roles broker,connectors --machines
 * FILE}) polls or subscribes to every tag at the chosen interval and publishes into its embedded
 * broker; a Sparkplug host in this JVM decodes what arrives. Prints samples read and decoded per
 * second, the binary's CPU (per 10,000 samples/s) and RSS.
 *
 * <p>Scenarios: {@code modbus} = 10 machines x 1,000 registers (500 float32 tags) every 100 ms;
 * {@code opcua} = 10 machines x 1,000 monitored items (10,000) at 100 ms; {@code both} at once.
 */
public final class ConnectorBenchmark {

  static final String PASSWORD = "bench-password";
  static final double TARGET_SAMPLES_PER_SECOND = 100_000;

  record Options(
      Path jar,
      Path javaHome,
      String scenario,
      int machines,
      int modbusRegisters,
      int opcuaItems,
      Duration interval,
      int warmupSeconds,
      int measureSeconds,
      List<String> javaOptions) {

    static Options parse(String[] args) {
      Path jar = null;
      Path javaHome = Path.of(System.getProperty("java.home"));
      String scenario = "both";
      int machines = 10;
      int registers = 1000;
      int items = 1000;
      Duration interval = Duration.ofMillis(100);
      int warmup = 10;
      int measure = 20;
      List<String> javaOptions = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--jar" -> jar = Path.of(value);
          case "--java-home" -> javaHome = Path.of(value);
          case "--scenario" -> scenario = value;
          case "--machines" -> machines = Integer.parseInt(value);
          case "--registers" -> registers = Integer.parseInt(value);
          case "--items" -> items = Integer.parseInt(value);
          case "--interval-ms" -> interval = Duration.ofMillis(Long.parseLong(value));
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--measure" -> measure = Integer.parseInt(value);
          case "--java-opts" -> javaOptions.addAll(List.of(value.trim().split("\\s+")));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (jar == null) {
        throw new IllegalArgumentException("--jar is required");
      }
      if (!List.of("modbus", "opcua", "both").contains(scenario)) {
        throw new IllegalArgumentException("--scenario is modbus, opcua or both");
      }
      return new Options(
          jar,
          javaHome,
          scenario,
          machines,
          registers,
          items,
          interval,
          warmup,
          measure,
          javaOptions.stream().filter(s -> !s.isEmpty()).toList());
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("mw-bench-connectors");
    List<Simulator> simulators = new ArrayList<>();
    List<MachineDefinition> definitions = new ArrayList<>();
    try {
      if (!options.scenario().equals("opcua")) {
        // float32 tags take two registers each
        definitions.addAll(
            serve(
                simulators,
                Plant.synthetic(
                    options.machines(), options.modbusRegisters() / 2, Protocol.MODBUS, 1),
                work.resolve("modbus-pki"),
                options.interval()));
      }
      if (!options.scenario().equals("modbus")) {
        definitions.addAll(
            serve(
                simulators,
                Plant.synthetic(options.machines(), options.opcuaItems(), Protocol.OPCUA, 2),
                work.resolve("opcua-pki"),
                options.interval()));
      }
      long tags = definitions.stream().mapToLong(m -> m.tags().size()).sum();
      double expected = tags * 1000.0 / options.interval().toMillis();
      Path machinesFile =
          Files.writeString(work.resolve("machines.yaml"), MachinesYaml.write(definitions));
      System.out.printf(
          Locale.ROOT,
          "scenario %s: %d machines, %d tags every %d ms = %,.0f samples/s offered%n",
          options.scenario(),
          definitions.size(),
          tags,
          options.interval().toMillis(),
          expected);
      try (Binary binary = Binary.start(options, work, machinesFile)) {
        LongAdder decoded = new LongAdder();
        HostApplicationSession host =
            new HostApplicationSession(
                binary.mqtt(),
                HostConfig.of("bench-host").withGroup("plant-1"),
                new SparkplugListener() {
                  @Override
                  public void onSamples(DeviceKey device, List<MetricSample> samples) {
                    decoded.add(samples.size());
                  }
                });
        host.start();
        try {
          Thread.sleep(options.warmupSeconds() * 1000L);
          long read0 = binary.samplesRead();
          long decoded0 = decoded.sum();
          double cpu0 = Proc.cpuSeconds(binary.pid());
          double benchCpu0 = Proc.cpuSeconds(ProcessHandle.current().pid());
          long t0 = System.nanoTime();
          double maxRss = 0;
          for (int s = 0; s < options.measureSeconds(); s++) {
            Thread.sleep(1000);
            maxRss = Math.max(maxRss, Proc.rssMiB(binary.pid()));
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          double readRate = (binary.samplesRead() - read0) / seconds;
          double decodedRate = (decoded.sum() - decoded0) / seconds;
          double cores = (Proc.cpuSeconds(binary.pid()) - cpu0) / seconds;
          double benchCores =
              (Proc.cpuSeconds(ProcessHandle.current().pid()) - benchCpu0) / seconds;
          System.out.printf(
              Locale.ROOT,
              "read %,.0f samples/s (%.0f%% of offered), decoded from the namespace %,.0f/s;"
                  + " millwright CPU %.2f cores = %.3f cores per 10k samples/s, max RSS %.0f MiB;"
                  + " simulator + host JVM %.2f cores%n",
              readRate,
              100 * readRate / expected,
              decodedRate,
              cores,
              cores / (readRate / 10_000),
              maxRss,
              benchCores);
          System.out.printf(
              Locale.ROOT,
              "target %,.0f samples/s through connectors into the UNS: %s%n",
              TARGET_SAMPLES_PER_SECOND,
              decodedRate >= TARGET_SAMPLES_PER_SECOND
                  ? "met"
                  : expected < TARGET_SAMPLES_PER_SECOND
                      ? "not offered in this scenario (use --scenario both)"
                      : "missed");
        } finally {
          host.close();
        }
      }
    } finally {
      simulators.forEach(Simulator::close);
      BrokerProcess.deleteRecursively(work);
    }
  }

  /** Starts a simulator for the plant and returns its machines, read at the given interval. */
  private static List<MachineDefinition> serve(
      List<Simulator> simulators, Plant plant, Path pki, Duration interval) {
    Simulator simulator =
        new Simulator(
            SimulatorConfig.defaults("127.0.0.1", pki).withAnyFreePorts(),
            plant.machines(),
            plant::advanceTo);
    simulators.add(simulator);
    simulator.start();
    return simulator.machineDefinitions().stream().map(m -> at(m, interval)).toList();
  }

  private static MachineDefinition at(MachineDefinition m, Duration interval) {
    List<Tag> tags =
        m.tags().stream()
            .map(
                t ->
                    new Tag(
                        t.name(),
                        t.address(),
                        t.type(),
                        t.unit(),
                        t.scale(),
                        t.deadband(),
                        Optional.empty(),
                        t.writable()))
            .toList();
    // Both synthetic plants number their machines synth-001...; the protocol keeps them apart.
    return new MachineDefinition(
        m.protocol().configName() + "-" + m.id(),
        m.name(),
        m.area(),
        m.line(),
        m.protocol(),
        m.endpoint(),
        m.options(),
        interval,
        tags);
  }

  /** The real binary running the broker and the connectors. */
  private static final class Binary implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final int mqttPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private Binary(Process process, int httpPort, int mqttPort) {
      this.process = process;
      this.httpPort = httpPort;
      this.mqttPort = mqttPort;
    }

    static Binary start(Options options, Path work, Path machinesFile)
        throws IOException, InterruptedException {
      int httpPort = BrokerProcess.freePort();
      int mqttPort = BrokerProcess.freePort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  options.javaHome().resolve("bin/java").toString(),
                  "--enable-native-access=ALL-UNNAMED"));
      command.addAll(options.javaOptions());
      command.addAll(
          List.of(
              "-jar",
              options.jar().toString(),
              "run",
              "--roles",
              "broker,connectors",
              "--machines",
              machinesFile.toString()));
      ProcessBuilder builder = new ProcessBuilder(command);
      var env = builder.environment();
      env.put("MILLWRIGHT_HTTP_HOST", "127.0.0.1");
      env.put("MILLWRIGHT_HTTP_PORT", Integer.toString(httpPort));
      env.put("MILLWRIGHT_MQTT_HOST", "127.0.0.1");
      env.put("MILLWRIGHT_MQTT_PORT", Integer.toString(mqttPort));
      env.put("MILLWRIGHT_DATA", work.resolve("data").toString());
      env.put("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD);
      Process process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("millwright.log").toFile())
              .start();
      Binary binary = new Binary(process, httpPort, mqttPort);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException(
              "millwright exited at start: " + Files.readString(work.resolve("millwright.log")));
        }
        try {
          if (binary.get("/q/health/ready").statusCode() == 200) {
            return binary;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      binary.close();
      throw new IOException("millwright was not ready within 60 s");
    }

    long pid() {
      return process.pid();
    }

    MqttEndpoint mqtt() {
      return MqttEndpoint.parse("mqtt://127.0.0.1:" + mqttPort, "admin", PASSWORD);
    }

    /** The connectors' samples read so far, from the Prometheus endpoint. */
    long samplesRead() throws IOException, InterruptedException {
      for (String line : get("/q/metrics").body().split("\n")) {
        if (line.startsWith("millwright_connectors_samples_read_total")) {
          return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      throw new IOException("no millwright_connectors_samples_read_total in /q/metrics");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
      String auth =
          java.util.Base64.getEncoder()
              .encodeToString(
                  ("admin:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .header("Authorization", "Basic " + auth)
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
