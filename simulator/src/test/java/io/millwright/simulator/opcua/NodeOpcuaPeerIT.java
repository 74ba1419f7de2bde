package io.millwright.simulator.opcua;

import static io.millwright.simulator.FixtureMachine.setpoint;
import static io.millwright.simulator.FixtureMachine.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.Simulator;
import io.millwright.simulator.SimulatorConfig;
import io.millwright.simulator.SimulatorConfig.OpcUaUser;
import io.millwright.simulator.TagSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's OPC UA server browsed, read, written and subscribed to by node-opcua, an OPC UA
 * stack written by others in another language: proves the address space, data types, statuses and
 * security endpoints are what a third party sees, not only what Milo's own client agrees with.
 *
 * <p>The client is {@code src/test/node/opcua_peer.js} with node-opcua-client pinned in {@code
 * package.json} and {@code package-lock.json}; the test runs {@code npm ci} there when the pinned
 * version is not installed yet. Without node 20+ and npm the test is skipped, saying so.
 */
class NodeOpcuaPeerIT {

  private static final Path PACKAGE =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("src/test/node");
  private static final int MIN_NODE_MAJOR = 20;
  private static final OpcUaUser USER = new OpcUaUser("operator", "s3cret");
  private static final String TICKS = "clock/ticks";
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The OPC UA built-in type each data type is served as (SERVERS.md). */
  private static final Map<DataType, String> OPCUA_TYPES =
      Map.of(
          DataType.BOOL, "Boolean",
          DataType.INT16, "Int16",
          DataType.UINT16, "UInt16",
          DataType.INT32, "Int32",
          DataType.UINT32, "UInt32",
          DataType.INT64, "Int64",
          DataType.FLOAT32, "Float",
          DataType.FLOAT64, "Double",
          DataType.STRING, "String");

  @TempDir Path temp;

  private final TickingMachine machine =
      new TickingMachine(new FixtureMachine("cnc-01", Protocol.OPCUA));
  private Simulator simulator;

  @BeforeAll
  static void installClient() throws Exception {
    Optional<Integer> nodeMajor =
        run(List.of("node", "--version"), PACKAGE, Map.of(), 30)
            .filter(r -> r.exit == 0)
            .map(r -> Integer.parseInt(r.output.strip().replaceFirst("^v(\\d+)\\..*", "$1")));
    assumeTrue(
        nodeMajor.isPresent() && nodeMajor.get() >= MIN_NODE_MAJOR,
        "node "
            + MIN_NODE_MAJOR
            + "+ is not installed here (found "
            + nodeMajor.map(String::valueOf).orElse("none")
            + "); node-opcua needs it. CI installs nodejs and npm");
    String pinned = pinnedVersion();
    Path installed = PACKAGE.resolve("node_modules/node-opcua-client/package.json");
    if (Files.isRegularFile(installed)
        && pinned.equals(version(Files.readString(installed), "version"))) {
      return;
    }
    assumeTrue(
        run(List.of("npm", "--version"), PACKAGE, Map.of(), 30)
            .filter(r -> r.exit == 0)
            .isPresent(),
        "npm is not installed here, so node-opcua-client cannot be installed; CI installs npm");
    Result ci =
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), PACKAGE, Map.of(), 600).orElseThrow();
    assertThat(ci.exit).as("npm ci in " + PACKAGE + ":\n" + ci.output).isZero();
    assertThat(version(Files.readString(installed), "version")).isEqualTo(pinned);
  }

  private static String pinnedVersion() throws IOException {
    return version(Files.readString(PACKAGE.resolve("package.json")), "node-opcua-client");
  }

  private static String version(String json, String key) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(key + " in " + json).isTrue();
    return m.group(1);
  }

  @AfterEach
  void stop() {
    if (simulator != null) {
      simulator.close();
    }
  }

  private void startSimulator() {
    simulator =
        new Simulator(
            new SimulatorConfig(
                "127.0.0.1",
                0,
                0,
                temp.resolve("server-pki"),
                Optional.of(USER),
                Duration.ofMillis(50)),
            List.of(machine),
            now -> machine.tick());
    simulator.start();
  }

  @Test
  void anonymousOnSecurityPolicyNone() throws Exception {
    startSimulator();
    checkSession(List.of("None"), "None", "#None");
  }

  @Test
  void usernameOnBasic256Sha256SignAndEncrypt() throws Exception {
    startSimulator();
    checkSession(
        List.of("SignAndEncrypt", USER.name(), USER.password()),
        "SignAndEncrypt",
        "#Basic256Sha256");
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    startSimulator();
    Result result = runPeer(List.of("SignAndEncrypt", USER.name(), "not-" + USER.password()), "");
    assertThat(result.exit).as(result.output).isEqualTo(1);
    List<Map<String, String>> events = events(result.output);
    assertThat(only(events, "error").get("message")).contains("BadUserAccessDenied");
    assertThat(of(events, "variable")).isEmpty();
  }

  private Result runPeer(List<String> modeAndIdentity, String writes) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                PACKAGE.resolve("opcua_peer.js").toString(),
                simulator.opcuaEndpoint().orElseThrow(),
                machine.id(),
                temp.resolve("client-pki").toString()));
    command.addAll(modeAndIdentity);
    return run(
            command,
            PACKAGE,
            Map.of("PEER_WRITES", writes, "PEER_SUBSCRIBE", TICKS, "PEER_NOTIFICATIONS", "3"),
            120)
        .orElseThrow();
  }

  private void checkSession(List<String> modeAndIdentity, String mode, String policySuffix)
      throws Exception {
    String writes =
        String.join(
            ";",
            setpoint(DataType.FLOAT64) + "=42.25",
            setpoint(DataType.INT64) + "=-9876543210123",
            setpoint(DataType.STRING) + "=\"SHAFT-7\"",
            value(DataType.FLOAT64) + "=1.5",
            setpoint(DataType.FLOAT64) + "=20000",
            setpoint(DataType.INT32) + "=\"not a number\"");
    Result result = runPeer(modeAndIdentity, writes);
    assertThat(result.exit).as(result.output).isZero();
    List<Map<String, String>> events = events(result.output);
    assertThat(events)
        .as(result.output)
        .last()
        .satisfies(e -> assertThat(e).containsEntry("event", "done"));

    Map<String, String> endpoint = only(events, "endpoint");
    assertThat(endpoint.get("securityMode")).isEqualTo(mode);
    assertThat(endpoint.get("securityPolicy")).endsWith(policySuffix);
    assertThat(only(events, "namespace")).containsEntry("index", "2");

    // Browse: a variable per tag, in the machine's order, with the documented NodeIds.
    Map<String, Map<String, String>> variables = new LinkedHashMap<>();
    of(events, "variable").forEach(v -> variables.put(v.get("tag"), v));
    assertThat(variables.keySet())
        .containsExactlyElementsOf(machine.tags().stream().map(TagSpec::name).toList());

    // Read: every variable's declared type, value type, value, status and access level.
    for (TagSpec tag : machine.tags()) {
      Map<String, String> v = variables.get(tag.name());
      String type = OPCUA_TYPES.get(tag.type());
      assertThat(v)
          .as(tag.name())
          .containsEntry("nodeId", "ns=2;s=" + machine.id() + "/" + tag.name())
          .containsEntry("browseNamespace", "2")
          .containsEntry("dataType", type)
          .containsEntry("variantType", type)
          .containsEntry("status", "Good")
          .containsEntry("accessLevel", tag.writable() ? "3" : "1")
          .containsEntry("userAccessLevel", tag.writable() ? "3" : "1");
      if (!tag.name().equals(TICKS)) {
        assertShows(tag.name(), v.get("value"), FixtureMachine.INITIAL.get(tag.type()));
      }
    }
    assertThat(Long.parseLong(variables.get(TICKS).get("value"))).isPositive();

    // Write: statuses as node-opcua reports them, and what reached the machine.
    assertThat(of(events, "write").stream().map(w -> w.get("tag") + " " + w.get("status")))
        .containsExactly(
            setpoint(DataType.FLOAT64) + " Good",
            setpoint(DataType.INT64) + " Good",
            setpoint(DataType.STRING) + " Good",
            value(DataType.FLOAT64) + " BadUserAccessDenied",
            setpoint(DataType.FLOAT64) + " BadOutOfRange",
            setpoint(DataType.INT32) + " BadTypeMismatch");
    assertThat(machine.read(setpoint(DataType.FLOAT64))).isEqualTo(Value.of(42.25));
    assertThat(machine.read(setpoint(DataType.INT64))).isEqualTo(Value.of(-9_876_543_210_123L));
    assertThat(machine.read(setpoint(DataType.STRING))).isEqualTo(Value.of("SHAFT-7"));
    assertThat(machine.read(value(DataType.FLOAT64)))
        .isEqualTo(FixtureMachine.INITIAL.get(DataType.FLOAT64));
    assertThat(machine.read(setpoint(DataType.INT32)))
        .isEqualTo(FixtureMachine.INITIAL.get(DataType.INT32));

    // Subscribe: the ticking counter at 100 ms notifies new, increasing values.
    List<Map<String, String>> notifications = of(events, "notification");
    assertThat(notifications).hasSize(3);
    List<Long> ticks = new ArrayList<>();
    for (Map<String, String> n : notifications) {
      assertThat(n)
          .containsEntry("tag", TICKS)
          .containsEntry("variantType", "UInt32")
          .containsEntry("status", "Good")
          .containsEntry("revisedSamplingInterval", "100");
      ticks.add(Long.parseLong(n.get("value")));
    }
    assertThat(ticks).isSorted().doesNotHaveDuplicates();
    assertThat(ticks.getLast()).isLessThanOrEqualTo(machine.ticks());
  }

  private static void assertShows(String tag, String shown, Value expected) {
    switch (expected) {
      case Value.Bool b -> assertThat(shown).as(tag).isEqualTo(Boolean.toString(b.value()));
      case Value.Int64 i -> assertThat(shown).as(tag).isEqualTo(Long.toString(i.value()));
      case Value.Text t -> assertThat(shown).as(tag).isEqualTo(t.value());
      default -> assertThat(Double.parseDouble(shown)).as(tag).isEqualTo(expected.asDouble());
    }
  }

  private static List<Map<String, String>> events(String output) {
    List<Map<String, String>> events = new ArrayList<>();
    output
        .lines()
        .filter(l -> l.startsWith("{\"event\""))
        .forEach(
            l -> {
              Map<String, String> fields = new LinkedHashMap<>();
              Matcher m = FIELD.matcher(l);
              while (m.find()) {
                fields.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
              }
              events.add(fields);
            });
    return events;
  }

  private static List<Map<String, String>> of(List<Map<String, String>> events, String event) {
    return events.stream().filter(e -> event.equals(e.get("event"))).toList();
  }

  private static Map<String, String> only(List<Map<String, String>> events, String event) {
    List<Map<String, String>> found = of(events, event);
    assertThat(found).as(event).hasSize(1);
    return found.getFirst();
  }

  private record Result(int exit, String output) {}

  /** Runs a command; empty when it cannot be started at all (not installed). */
  private static Optional<Result> run(
      List<String> command, Path dir, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    Path log = Files.createTempFile("node-opcua-peer", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      Files.delete(log);
      return Optional.empty();
    }
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(
            command
                + " did not finish in "
                + timeoutSeconds
                + " s:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return Optional.of(
          new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8)));
    } finally {
      Files.delete(log);
    }
  }

  /** The fixture machine plus a read-only counter the plant clock advances: a changing tag. */
  private static final class TickingMachine implements ServedMachine {
    private final FixtureMachine fixture;
    private final List<TagSpec> tags;
    private final AtomicLong ticks = new AtomicLong();

    TickingMachine(FixtureMachine fixture) {
      this.fixture = fixture;
      this.tags =
          Stream.concat(
                  fixture.tags().stream(),
                  Stream.of(new TagSpec(TICKS, DataType.UINT32, "", false)))
              .toList();
    }

    void tick() {
      ticks.incrementAndGet();
    }

    long ticks() {
      return ticks.get();
    }

    @Override
    public String id() {
      return fixture.id();
    }

    @Override
    public String name() {
      return fixture.name();
    }

    @Override
    public String area() {
      return fixture.area();
    }

    @Override
    public String line() {
      return fixture.line();
    }

    @Override
    public Protocol protocol() {
      return fixture.protocol();
    }

    @Override
    public List<TagSpec> tags() {
      return tags;
    }

    @Override
    public Value read(String tag) {
      return tag.equals(TICKS) ? Value.of(ticks.get()) : fixture.read(tag);
    }

    @Override
    public void write(String tag, Value value) {
      fixture.write(tag, value);
    }

    @Override
    public boolean linkUp() {
      return fixture.linkUp();
    }
  }
}
