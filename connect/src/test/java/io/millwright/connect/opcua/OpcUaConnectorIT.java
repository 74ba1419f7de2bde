package io.millwright.connect.opcua;

import static io.millwright.connect.opcua.Machines.deadband;
import static io.millwright.connect.opcua.Machines.machine;
import static io.millwright.connect.opcua.Machines.plant;
import static io.millwright.connect.opcua.Machines.scaled;
import static io.millwright.connect.opcua.Machines.tag;
import static io.millwright.connect.opcua.Machines.writable;
import static io.millwright.connect.opcua.Machines.writableScaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.Connector;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcUaConnectorIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static PlantServer server;

  @TempDir Path pki;

  @BeforeAll
  static void startServer() throws Exception {
    server = PlantServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private OpcUaConnectorFactory factory() {
    return new OpcUaConnectorFactory(
        pki, name -> name.equals("PLANT_PASSWORD") ? PlantServer.PASSWORD : null);
  }

  private static Value value(RecordingLink link, String tag) {
    TagSample sample = link.latest.get(tag);
    assertThat(sample).as("a sample of %s", tag).isNotNull();
    assertThat(sample.sample().quality()).as("quality of %s", tag).isEqualTo(Quality.GOOD);
    return sample.sample().value();
  }

  @Test
  void deliversEveryTypeWithScalingWhileAnUnknownNodeIsBad() {
    var machine =
        machine(
            server.endpoint(),
            Map.of(),
            List.of(
                tag("bool", plant("plant/bool"), DataType.BOOL),
                tag("int16", plant("plant/int16"), DataType.INT16),
                tag("uint16", plant("plant/uint16"), DataType.UINT16),
                tag("int32", plant("plant/int32"), DataType.INT32),
                tag("uint32", plant("plant/uint32"), DataType.UINT32),
                tag("int64", plant("plant/int64"), DataType.INT64),
                tag("byte", plant("plant/byte"), DataType.UINT16),
                tag("uint64", plant("plant/uint64"), DataType.INT64),
                tag("float", plant("plant/float"), DataType.FLOAT32),
                scaled("double-scaled", plant("plant/double"), DataType.FLOAT64, 2, 1),
                scaled("int16-scaled", plant("plant/int16"), DataType.INT16, 0.1, 0),
                tag("string", plant("plant/string"), DataType.STRING),
                tag("counter", "ns=2;s=plant/counter", DataType.INT32),
                tag("missing", plant("plant/no-such-node"), DataType.FLOAT64),
                tag("wrong-type", plant("plant/string"), DataType.FLOAT64)));
    var link = new RecordingLink();
    try (Connector connector = factory().create(machine)) {
      connector.start(link);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                assertThat(value(link, "bool")).isEqualTo(Value.of(true));
                assertThat(value(link, "int16")).isEqualTo(Value.of(-1234L));
                assertThat(value(link, "uint16")).isEqualTo(Value.of(60000L));
                assertThat(value(link, "int32")).isEqualTo(Value.of(-123456L));
                assertThat(value(link, "uint32")).isEqualTo(Value.of(4_000_000_000L));
                assertThat(value(link, "int64")).isEqualTo(Value.of(-9_000_000_000L));
                assertThat(value(link, "byte")).isEqualTo(Value.of(200L));
                assertThat(value(link, "uint64")).isEqualTo(Value.of(42L));
                assertThat(value(link, "float")).isEqualTo(Value.of(1.5));
                assertThat(value(link, "double-scaled")).isEqualTo(Value.of(5.5));
                assertThat(value(link, "int16-scaled").asDouble())
                    .isCloseTo(-123.4, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(value(link, "string")).isEqualTo(Value.of("running"));
                assertThat(link.latest.get("missing").sample().quality())
                    .isEqualTo(Quality.bad("Bad_NodeIdUnknown"));
                assertThat(link.latest.get("wrong-type").sample().quality())
                    .isEqualTo(Quality.TYPE_MISMATCH);
              });
      long firstCounter = ((Value.Int64) value(link, "counter")).value();
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(((Value.Int64) value(link, "counter")).value())
                      .isGreaterThan(firstCounter + 3));
      assertThat(link.connected.get()).isEqualTo(1);
      var stats = connector.stats();
      assertThat(stats.status()).isEqualTo(LinkStatus.CONNECTED);
      assertThat(stats.readErrors()).isGreaterThanOrEqualTo(2);
      assertThat(stats.samples()).isGreaterThan(15);
      assertThat(stats.lastGoodRead()).isPresent();
      await().atMost(PATIENCE).until(() -> connector.stats().roundTrip().isPresent());
      // The counter changes in every batch; each batch is one call with samples of one publish.
      assertThat(link.batches).allSatisfy(batch -> assertThat(batch).isNotEmpty());
    }
  }

  @Test
  void deadbandInEngineeringUnitsSuppressesSmallChanges() {
    // The counter rises by 1 every 100 ms; factor 2 makes that 2 engineering units a step, so a
    // deadband of 10 passes about every fifth change.
    var machine =
        machine(
            server.endpoint(),
            Map.of(),
            List.of(
                deadband("every-change", plant("plant/counter"), 2, 0),
                deadband("deadband", plant("plant/counter"), 2, 10)));
    var link = new RecordingLink();
    try (Connector connector = factory().create(machine)) {
      connector.start(link);
      await().atMost(PATIENCE).until(() -> link.count("every-change") >= 40);
      long all = link.count("every-change");
      long filtered = link.count("deadband");
      // About a fifth; a loaded machine coalesces some changes of the unfiltered item, so the bound
      // leaves room while still telling filtered from unfiltered.
      assertThat(filtered).isPositive().isLessThan(all / 2);
    }
  }

  @Test
  void signAndEncryptWithUserTrustsTheServerOnlyOnceAnOperatorMovedItsCertificate()
      throws Exception {
    var machine =
        machine(
            server.endpoint(),
            Map.of(
                "securityPolicy", "Basic256Sha256",
                "username", PlantServer.USER,
                "passwordEnv", "PLANT_PASSWORD"),
            List.of(tag("counter", plant("plant/counter"), DataType.INT32)));
    var link = new RecordingLink();
    try (Connector connector = factory().create(machine)) {
      connector.start(link);
      await().atMost(PATIENCE).until(() -> link.disconnected.get() >= 1);
      assertThat(link.lastReason()).contains("Bad_SecurityChecksFailed");
      assertThat(connector.stats().status()).isEqualTo(LinkStatus.DISCONNECTED);
      assertThat(connector.stats().lastError()).contains("Bad_SecurityChecksFailed");
      assertThat(link.connected.get()).isZero();
      Path rejected;
      try (Stream<Path> files = Files.list(pki.resolve("rejected"))) {
        rejected = files.findFirst().orElseThrow();
      }
      assertThat(Files.readAllBytes(rejected)).isEqualTo(server.certificate().getEncoded());

      Files.move(rejected, pki.resolve("trusted").resolve("certs").resolve(rejected.getFileName()));

      await().atMost(PATIENCE).until(() -> link.connected.get() == 1);
      await().atMost(PATIENCE).until(() -> link.count("counter") >= 3);
      assertThat(connector.stats().reconnects()).isPositive();
      assertThat(connector.stats().lastError()).isEmpty();
    }
    byte[] own = Files.readAllBytes(pki.resolve("own").resolve("millwright-client.p12"));
    var again = new RecordingLink();
    try (Connector connector = factory().create(machine)) {
      connector.start(again);
      await().atMost(PATIENCE).until(() -> again.count("counter") >= 1);
    }
    assertThat(Files.readAllBytes(pki.resolve("own").resolve("millwright-client.p12")))
        .as("the client certificate is created once and reused")
        .isEqualTo(own);
  }

  @Test
  void aWrongPasswordIsReportedAndRetried() {
    var machine =
        machine(
            server.endpoint(),
            // The password is encrypted with the server's certificate even without a secure
            // channel, so the server must be trusted for a user name to be sent at all.
            Map.of(
                "username",
                PlantServer.USER,
                "password",
                "wrong",
                "trustServerCertificate",
                "always"),
            List.of(tag("counter", plant("plant/counter"), DataType.INT32)));
    var link = new RecordingLink();
    try (Connector connector = factory().create(machine)) {
      connector.start(link);
      await().atMost(PATIENCE).until(() -> link.disconnected.get() >= 2);
      assertThat(link.lastReason()).contains("Bad_UserAccessDenied").doesNotContain("wrong");
      assertThat(connector.stats().reconnects()).isPositive();
    }
  }

  @Test
  void writesEveryTypeAndReportsARefusal() throws Exception {
    var machine =
        machine(
            server.endpoint(),
            Map.of(),
            List.of(
                writable("bool", plant("plant/bool"), DataType.BOOL),
                writable("int16", plant("plant/int16"), DataType.INT16),
                writable("uint16", plant("plant/uint16"), DataType.UINT16),
                writable("int32", plant("plant/int32"), DataType.INT32),
                writable("uint32", plant("plant/uint32"), DataType.UINT32),
                writable("int64", plant("plant/int64"), DataType.INT64),
                writable("byte", plant("plant/byte"), DataType.UINT16),
                writable("float", plant("plant/float"), DataType.FLOAT32),
                writableScaled("double", plant("plant/double"), DataType.FLOAT64, 2, 1),
                writable("string", plant("plant/string"), DataType.STRING),
                writable("readonly", plant("plant/readonly"), DataType.FLOAT64),
                tag("counter", plant("plant/counter"), DataType.INT32)));
    var link = new RecordingLink();
    try (Connector connector = factory().create(machine)) {
      connector.start(link);
      await().atMost(PATIENCE).until(() -> link.connected.get() == 1 && link.count("counter") > 0);

      connector.write("bool", Value.of(false)).get(10, TimeUnit.SECONDS);
      connector.write("int16", Value.of(-7L)).get(10, TimeUnit.SECONDS);
      connector.write("uint16", Value.of(65535L)).get(10, TimeUnit.SECONDS);
      connector.write("int32", Value.of(123L)).get(10, TimeUnit.SECONDS);
      connector.write("uint32", Value.of(4_294_967_295L)).get(10, TimeUnit.SECONDS);
      connector.write("int64", Value.of(Long.MIN_VALUE)).get(10, TimeUnit.SECONDS);
      connector.write("byte", Value.of(7L)).get(10, TimeUnit.SECONDS);
      connector.write("float", Value.of(0.25)).get(10, TimeUnit.SECONDS);
      connector.write("double", Value.of(11.0)).get(10, TimeUnit.SECONDS);
      connector.write("string", Value.of("stopped")).get(10, TimeUnit.SECONDS);

      assertThat(server.get("plant/bool")).isEqualTo(false);
      assertThat(server.get("plant/int16")).isEqualTo((short) -7);
      assertThat(server.get("plant/uint16")).isEqualTo(UShort.valueOf(65535));
      assertThat(server.get("plant/int32")).isEqualTo(123);
      assertThat(server.get("plant/uint32")).isEqualTo(UInteger.valueOf(4_294_967_295L));
      assertThat(server.get("plant/int64")).isEqualTo(Long.MIN_VALUE);
      assertThat(server.get("plant/byte")).isEqualTo(UByte.valueOf(7));
      assertThat(server.get("plant/float")).isEqualTo(0.25f);
      assertThat(server.get("plant/double")).as("scale undone: (11 - 1) / 2").isEqualTo(5.0);
      assertThat(server.get("plant/string")).isEqualTo("stopped");

      assertThatThrownBy(() -> connector.write("readonly", Value.of(1.0)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageMatching(".*the server refused the write: Bad_(NotWritable|UserAccessDenied)");
      assertThatThrownBy(
              () -> connector.write("int16", Value.of(40_000L)).get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageContaining("out of range for the node's Int16");
      assertThatThrownBy(() -> connector.write("counter", Value.of(1L)).get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageContaining("not writable");
      assertThatThrownBy(() -> connector.write("string", Value.of(3L)).get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageContaining("not text");
      assertThat(connector.stats().writeErrors()).isEqualTo(4);
    } finally {
      restoreWritableValues();
    }
  }

  @Test
  void writesKeepTheirOrderAndAreReadBackWithoutWaitingForTheSubscription() throws Exception {
    // Publishing once an hour: whatever reaches the link within seconds is the read-back.
    var machine =
        machine(
            server.endpoint(),
            Map.of("publishingInterval", "1h"),
            List.of(writable("string", plant("plant/string"), DataType.STRING)));
    var link = new RecordingLink();
    try (Connector connector = factory().create(machine)) {
      connector.start(link);
      await().atMost(PATIENCE).until(() -> link.connected.get() == 1);
      List<java.util.concurrent.CompletableFuture<Void>> writes = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        writes.add(connector.write("string", Value.of("w" + i)));
      }
      for (var w : writes) {
        w.get(10, TimeUnit.SECONDS);
      }
      assertThat(server.get("plant/string")).isEqualTo("w19");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  link.latest.get("string") != null
                      && link.latest.get("string").sample().value().equals(Value.of("w19")));
    } finally {
      restoreWritableValues();
    }
  }

  private static void restoreWritableValues() {
    server.set("plant/bool", true);
    server.set("plant/int16", (short) -1234);
    server.set("plant/uint16", UShort.valueOf(60000));
    server.set("plant/int32", -123456);
    server.set("plant/uint32", UInteger.valueOf(4_000_000_000L));
    server.set("plant/int64", -9_000_000_000L);
    server.set("plant/byte", UByte.valueOf(200));
    server.set("plant/float", 1.5f);
    server.set("plant/double", 2.25);
    server.set("plant/string", "running");
  }

  @Test
  void closeStopsPromptlyAndLeavesNoThreadsBehind() throws Exception {
    var machine =
        machine(
            server.endpoint(),
            Map.of(),
            List.of(tag("counter", plant("plant/counter"), DataType.INT32)));
    // A first connector warms Milo's shared pools, which live as long as the process.
    try (Connector warm = factory().create(machine)) {
      var link = new RecordingLink();
      warm.start(link);
      await().atMost(PATIENCE).until(() -> link.count("counter") > 0);
    }
    // Threads outside Milo's shared pools: the cached one keeps an idle thread for a minute and
    // grows with the load of the moment, not with the connectors (see OpcUaHostReplaceIT).
    int baseline = OpcUaHostReplaceIT.ownThreadNames().size();
    for (int i = 0; i < 5; i++) {
      Connector connector = factory().create(machine);
      var link = new RecordingLink();
      connector.start(link);
      await().atMost(PATIENCE).until(() -> link.count("counter") > 0);
      connector.close();
      connector.close();
      assertThat(connector.stats().status()).isEqualTo(LinkStatus.STOPPED);
      long after = link.total();
      Thread.sleep(300);
      assertThat(link.total()).as("no samples after close").isLessThanOrEqualTo(after + 1);
    }
    await()
        .atMost(PATIENCE)
        .until(() -> OpcUaHostReplaceIT.ownThreadNames().size() <= baseline + 2);
    // A connector closed while it cannot connect stops its retries too.
    Connector unreachable =
        factory()
            .create(
                machine(
                    "opc.tcp://127.0.0.1:" + PlantServer.freePort() + "/none",
                    Map.of(),
                    List.of()));
    var link = new RecordingLink();
    unreachable.start(link);
    await().atMost(PATIENCE).until(() -> link.disconnected.get() >= 1);
    unreachable.close();
    int disconnects = link.disconnected.get();
    Thread.sleep(1500);
    assertThat(link.disconnected.get()).isEqualTo(disconnects);
  }
}
