package io.millwright.connect.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.LinkStatus;
import io.millwright.connect.RecordingLink;
import io.millwright.connect.WriteException;
import io.millwright.connect.modbus.ModbusOptions.Order;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The connector against a real j2mod Modbus TCP slave on a free loopback port. */
class ModbusConnectorIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final RecordingLink link = new RecordingLink();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @ParameterizedTest
  @CsvSource({"big,big", "little,big", "big,little", "little,little"})
  void readsEveryTypeInEveryWordAndByteOrder(String words, String bytes) {
    Order wordOrder = Order.valueOf(words.toUpperCase());
    Order byteOrder = Order.valueOf(bytes.toUpperCase());
    TestSlave slave = slave(200, 16, 7);
    set(slave, 0, wordOrder, byteOrder, ByteBuffer.allocate(2).putShort((short) -1234));
    set(slave, 1, wordOrder, byteOrder, ByteBuffer.allocate(2).putShort((short) 54321));
    set(slave, 2, wordOrder, byteOrder, ByteBuffer.allocate(4).putInt(-123_456_789));
    set(slave, 4, wordOrder, byteOrder, ByteBuffer.allocate(4).putInt((int) 4_000_000_000L));
    set(
        slave,
        6,
        wordOrder,
        byteOrder,
        ByteBuffer.allocate(8).putLong(-1_234_567_890_123_456_789L));
    set(slave, 10, wordOrder, byteOrder, ByteBuffer.allocate(4).putFloat(3.25f));
    set(slave, 12, wordOrder, byteOrder, ByteBuffer.allocate(8).putDouble(-2.5e10));
    // Strings: word order does not apply, byte order does.
    byte[] text = "PRESS-1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < 4; i++) {
      set(slave, 16 + i, Order.BIG, byteOrder, ByteBuffer.wrap(text, 2 * i, 2).slice());
    }
    set(slave, 20, wordOrder, byteOrder, ByteBuffer.allocate(2).putShort((short) 250));
    slave.coil(0, true);
    slave.discrete(3, true);
    MachineDefinition m =
        machine(
            "orders",
            slave.endpoint(),
            Map.of("wordOrder", words, "byteOrder", bytes, "unitId", "7"),
            Tag.of("int16", "holding:0", DataType.INT16),
            Tag.of("uint16", "holding:1", DataType.UINT16),
            Tag.of("int32", "holding:2", DataType.INT32),
            Tag.of("uint32", "holding:4", DataType.UINT32),
            Tag.of("int64", "holding:6", DataType.INT64),
            Tag.of("float32", "holding:10", DataType.FLOAT32),
            Tag.of("float64", "holding:12", DataType.FLOAT64),
            Tag.of("text", "holding:16:4", DataType.STRING),
            new Tag(
                "scaled",
                "holding:20",
                DataType.INT16,
                "degC",
                new Scale(0.1, -5),
                0,
                Optional.empty(),
                false),
            Tag.of("coil", "coil:0", DataType.BOOL),
            Tag.of("discrete", "discrete:3", DataType.BOOL),
            Tag.of("discrete-off", "discrete:2", DataType.BOOL));
    start(m);
    await().atMost(WAIT).until(() -> link.latest.size() == 12);
    assertThat(value("int16")).isEqualTo(Value.of(-1234L));
    assertThat(value("uint16")).isEqualTo(Value.of(54321L));
    assertThat(value("int32")).isEqualTo(Value.of(-123_456_789L));
    assertThat(value("uint32")).isEqualTo(Value.of(4_000_000_000L));
    assertThat(value("int64")).isEqualTo(Value.of(-1_234_567_890_123_456_789L));
    assertThat(value("float32")).isEqualTo(Value.of(3.25));
    assertThat(value("float64")).isEqualTo(Value.of(-2.5e10));
    assertThat(value("text")).isEqualTo(Value.of("PRESS-1"));
    assertThat(value("scaled").asDouble())
        .isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(value("coil")).isEqualTo(Value.of(true));
    assertThat(value("discrete")).isEqualTo(Value.of(true));
    assertThat(value("discrete-off")).isEqualTo(Value.of(false));
    assertThat(link.latest.values()).allSatisfy(s -> assertThat(s.quality().isGood()).isTrue());
  }

  @Test
  void neighbouringTagsAreReadInAsFewRequestsAsPossible() {
    TestSlave slave = slave(200, 16, 1);
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tags.add(Tag.of("h" + i, "holding:" + i, DataType.INT16));
    }
    tags.add(Tag.of("after-gap", "holding:14", DataType.FLOAT32)); // gap of 4: same request
    tags.add(Tag.of("far", "holding:100", DataType.INT16)); // gap of 84: own request
    for (int i = 0; i < 4; i++) {
      tags.add(Tag.of("c" + i, "coil:" + i, DataType.BOOL)); // coils: one request
    }
    tags.add(Tag.of("in", "input:0:2", DataType.STRING)); // input table: one request
    // One poll per hour: exactly one cycle runs, at connect.
    MachineDefinition m =
        new MachineDefinition(
            "merge",
            "m",
            "a",
            "l",
            Protocol.MODBUS,
            slave.endpoint(),
            Map.of(),
            Duration.ofHours(1),
            tags);
    start(m);
    await().atMost(WAIT).until(() -> link.batches.size() == 1);
    assertThat(link.batches.get(0)).hasSize(tags.size());
    assertThat(slave.rangeCalls.get()).isEqualTo(4);
  }

  @Test
  void tagsWithTheirOwnRateArePolledInTheirOwnGroup() {
    TestSlave slave = slave(200, 16, 1);
    MachineDefinition m =
        new MachineDefinition(
            "groups",
            "m",
            "a",
            "l",
            Protocol.MODBUS,
            slave.endpoint(),
            Map.of(),
            Duration.ofHours(1),
            List.of(
                Tag.of("slow", "holding:0", DataType.INT16),
                new Tag(
                    "fast",
                    "holding:1",
                    DataType.INT16,
                    "",
                    Scale.IDENTITY,
                    0,
                    Optional.of(Duration.ofMillis(20)),
                    false)));
    start(m);
    await().atMost(WAIT).until(() -> link.batches.size() >= 5);
    // The slow group ran once (at connect); every other batch is the fast group's alone.
    long slowBatches = link.batches.stream().filter(b -> b.get(0).tag().equals("slow")).count();
    assertThat(slowBatches).isEqualTo(1);
    assertThat(link.batches).allSatisfy(b -> assertThat(b).hasSize(1));
  }

  @Test
  void anExceptionResponseMakesOnlyThatRequestsTagsBad() {
    TestSlave slave = slave(200, 16, 1);
    slave.holding(0, 42);
    MachineDefinition m =
        machine(
            "refusal",
            slave.endpoint(),
            Map.of(),
            Tag.of("good", "holding:0", DataType.INT16),
            Tag.of("missing", "holding:500", DataType.INT16));
    ModbusConnector c = start(m);
    await().atMost(WAIT).until(() -> link.batches.size() >= 3);
    assertThat(link.latest("good").quality()).isEqualTo(Quality.GOOD);
    assertThat(link.latest("missing").quality()).isEqualTo(Quality.bad("Bad_NodeIdUnknown"));
    slave.holding(0, 43);
    await().atMost(WAIT).until(() -> value("good").equals(Value.of(43L)));
    assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    assertThat(c.stats().readErrors()).isGreaterThanOrEqualTo(3);
    assertThat(c.stats().lastError()).contains("illegal data address");
    assertThat(c.stats().lastGoodRead()).isPresent();
    assertThat(c.stats().roundTrip()).isPresent();
    assertThat(link.events).containsExactly("connected");
  }

  @Test
  void writesUseFc5Fc6Fc15AndFc16() throws Exception {
    TestSlave slave = slave(200, 16, 1);
    MachineDefinition m =
        new MachineDefinition(
            "writes",
            "m",
            "a",
            "l",
            Protocol.MODBUS,
            slave.endpoint(),
            Map.of(),
            Duration.ofHours(1),
            List.of(
                writable("run", "coil:0", DataType.BOOL, Scale.IDENTITY),
                writable("lamp-1", "coil:5", DataType.BOOL, Scale.IDENTITY),
                writable("lamp-2", "coil:6", DataType.BOOL, Scale.IDENTITY),
                writable("lamp-3", "coil:7", DataType.BOOL, Scale.IDENTITY),
                writable("target", "holding:10", DataType.UINT16, Scale.IDENTITY),
                writable("setpoint", "holding:20", DataType.FLOAT32, new Scale(2, 0)),
                writable("order", "holding:30:4", DataType.STRING, Scale.IDENTITY),
                writable("nowhere", "holding:500", DataType.INT16, Scale.IDENTITY),
                Tag.of("read-only", "holding:40", DataType.INT16)));
    ModbusConnector c = start(m);
    await().atMost(WAIT).until(() -> link.batches.size() == 1);

    // So far only the first poll: each write is followed by one more like it, its read-back.
    int range = slave.rangeCalls.get();
    int single = slave.singleCalls.get();
    int rangeReads = range;
    int singleReads = single;
    c.write("run", Value.of(true)).get(5, TimeUnit.SECONDS); // FC5: one single access
    assertThat(slave.coil(0)).isTrue();
    c.write("target", Value.of(1200L)).get(5, TimeUnit.SECONDS); // FC6: one single access
    assertThat(slave.holding(10)).isEqualTo(1200);
    await().atMost(WAIT).until(() -> link.batches.size() == 3);
    assertThat(slave.singleCalls.get() - single).isEqualTo(2 + 2 * singleReads);
    assertThat(slave.rangeCalls.get() - range).isEqualTo(2 * rangeReads);
    // The read-back shows what the machine now holds, long before the next poll (in an hour).
    assertThat(link.batches.get(2))
        .anySatisfy(
            ts -> {
              assertThat(ts.tag()).isEqualTo("target");
              assertThat(ts.sample().value()).isEqualTo(Value.of(1200L));
            });

    c.write("setpoint", Value.of(7.0)).get(5, TimeUnit.SECONDS); // FC16: raw 3.5f
    assertThat(new int[] {slave.holding(20), slave.holding(21)}).containsExactly(0x4060, 0x0000);
    c.write("order", Value.of("J-42")).get(5, TimeUnit.SECONDS);
    assertThat(slave.holding(30)).isEqualTo(('J' << 8) | '-');
    assertThat(slave.holding(32)).isZero();

    Map<String, Value> lamps = new LinkedHashMap<>();
    lamps.put("lamp-3", Value.of(true));
    lamps.put("lamp-1", Value.of(true));
    lamps.put("lamp-2", Value.of(false));
    range = slave.rangeCalls.get();
    single = slave.singleCalls.get();
    c.writeAll(lamps).get(5, TimeUnit.SECONDS); // FC15: one range access for three coils
    await().atMost(WAIT).until(() -> link.batches.size() == 6);
    assertThat(slave.rangeCalls.get() - range).isEqualTo(1 + rangeReads);
    assertThat(slave.singleCalls.get() - single).isEqualTo(singleReads);
    assertThat(List.of(slave.coil(5), slave.coil(6), slave.coil(7)))
        .containsExactly(true, false, true);

    assertThat(failure(c.write("nowhere", Value.of(1L)))).contains("illegal data address");
    assertThat(failure(c.write("read-only", Value.of(1L)))).contains("not defined writable");
    assertThat(failure(c.write("target", Value.of(70_000L)))).contains("out of range");
    assertThat(failure(c.write("run", Value.of(1L)))).contains("does not fit a bool tag");
    assertThat(failure(c.write("ghost", Value.of(1L)))).contains("no such tag");
    assertThat(c.stats().writeErrors()).isEqualTo(5);
  }

  @Test
  void anUnreachableMachineIsDisconnectedAndRetriedWithBackoff() {
    MachineDefinition m =
        machine(
            "unreachable",
            "tcp://127.0.0.1:" + TestSlave.freePort(),
            Map.of("timeout", "200ms"),
            writable("t", "holding:0", DataType.INT16, Scale.IDENTITY));
    ModbusConnector c = start(m);
    await().atMost(WAIT).until(() -> c.stats().reconnects() >= 2);
    assertThat(c.stats().status()).isIn(LinkStatus.DISCONNECTED, LinkStatus.CONNECTING);
    assertThat(link.events).hasSize(1);
    assertThat(link.events.get(0)).startsWith("disconnected: cannot connect to 127.0.0.1:");
    assertThat(failure(c.write("t", Value.of(1L)))).contains("not connected");
  }

  @Test
  void aStoppedSlaveIsReportedOnceAndReadAgainWhenItIsBack() {
    TestSlave slave = slave(200, 16, 1);
    slave.holding(0, 1);
    MachineDefinition m =
        machine(
            "restart",
            slave.endpoint(),
            Map.of("timeout", "300ms"),
            Tag.of("t", "holding:0", DataType.INT16));
    ModbusConnector c = start(m);
    await().atMost(WAIT).until(() -> Value.of(1L).equals(value("t")));

    slave.stop();
    await().atMost(WAIT).until(() -> c.stats().status() == LinkStatus.DISCONNECTED);
    assertThat(link.events).hasSize(2).startsWith("connected");
    assertThat(link.events.get(1)).startsWith("disconnected: ");

    slave.holding(0, 2);
    slave.open();
    await().atMost(WAIT).until(() -> Value.of(2L).equals(value("t")));
    assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    assertThat(c.stats().reconnects()).isPositive();
    assertThat(link.events).hasSize(3).endsWith("connected");
  }

  @Test
  void garbageAndTruncatedResponsesDropTheLinkWithoutCrashing() throws Exception {
    try (GarbageServer server = new GarbageServer()) {
      MachineDefinition m =
          machine(
              "garbage",
              "tcp://127.0.0.1:" + server.port(),
              Map.of("timeout", "300ms"),
              Tag.of("t", "holding:0", DataType.INT16));
      ModbusConnector c = start(m);
      // Each connection gets another kind of bad answer; the connector keeps reconnecting.
      await().atMost(WAIT).until(() -> server.connections() >= 3 && c.stats().reconnects() >= 2);
      assertThat(link.latest).isEmpty();
      assertThat(link.events).first().isEqualTo("connected");
      assertThat(link.events).filteredOn(e -> e.startsWith("disconnected")).isNotEmpty();
      c.close();
      assertThat(c.stats().status()).isEqualTo(LinkStatus.STOPPED);
    }
  }

  @Test
  void closeStopsEveryThreadAndIsIdempotent() {
    TestSlave slave = slave(200, 16, 1);
    MachineDefinition m =
        machine(
            "closing",
            slave.endpoint(),
            Map.of(),
            writable("t", "holding:0", DataType.INT16, Scale.IDENTITY));
    ModbusConnector c = new ModbusConnectorFactory().create(m);
    c.start(link);
    await().atMost(WAIT).until(() -> link.batches.size() >= 2);
    assertThat(threads("modbus-closing")).isNotEmpty();
    c.close();
    c.close();
    // The pool's worker signals termination just before it exits: give it a moment.
    await().atMost(WAIT).until(() -> threads("modbus-closing").isEmpty());
    assertThat(c.stats().status()).isEqualTo(LinkStatus.STOPPED);
    int batches = link.batches.size();
    assertThat(failure(c.write("t", Value.of(1L)))).contains("closed");
    // Nothing is delivered after close returned.
    assertThat(link.batches).hasSize(batches);
  }

  private static List<Thread> threads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .toList();
  }

  private TestSlave slave(int registers, int bits, int unitId) {
    TestSlave s = TestSlave.start(registers, bits, unitId);
    toClose.add(s);
    return s;
  }

  private ModbusConnector start(MachineDefinition m) {
    ModbusConnector c = new ModbusConnectorFactory().create(m);
    toClose.add(c);
    c.start(link);
    return c;
  }

  private Value value(String tag) {
    Sample s = link.latest(tag);
    return s == null ? null : s.value();
  }

  private static String failure(CompletableFuture<Void> f) {
    try {
      f.get(5, TimeUnit.SECONDS);
      return "no failure";
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WriteException.class);
      return e.getCause().getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Tag writable(String name, String address, DataType type, Scale scale) {
    return new Tag(name, address, type, "", scale, 0, Optional.empty(), true);
  }

  /**
   * Lays out big-endian bytes as a machine with the given orders would, independent of the codec.
   */
  private static void set(
      TestSlave slave, int address, Order words, Order bytes, ByteBuffer value) {
    byte[] b = new byte[value.capacity()];
    value.rewind().get(b);
    int n = b.length / 2;
    for (int i = 0; i < n; i++) {
      int hi = b[2 * i] & 0xFF;
      int lo = b[2 * i + 1] & 0xFF;
      int register = bytes == Order.BIG ? hi << 8 | lo : lo << 8 | hi;
      slave.holding(address + (words == Order.BIG ? i : n - 1 - i), register);
    }
  }

  static MachineDefinition machine(
      String id, String endpoint, Map<String, String> options, Tag... tags) {
    return new MachineDefinition(
        id,
        id,
        "area",
        "line",
        Protocol.MODBUS,
        endpoint,
        options,
        Duration.ofMillis(50),
        List.of(tags));
  }

  /** Answers every request with something that is not a proper response. */
  private static final class GarbageServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();

    GarbageServer() throws IOException {
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      thread = new Thread(this::serve, "garbage-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          int n = connections.incrementAndGet();
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          byte[] request = new byte[12];
          if (in.readNBytes(request, 0, 12) < 12) {
            continue;
          }
          switch (n % 3) {
            // Random-looking bytes with a huge length field.
            case 0 -> out.write(new byte[] {0x13, 0x37, 0, 0, (byte) 0xFF, (byte) 0xFF, 1, 3, 9});
            // A valid header promising 7 bytes, then only 2 and a closed socket.
            case 1 -> out.write(new byte[] {request[0], request[1], 0, 0, 0, 7, 1, 3});
            // The right transaction but the wrong function code and a short byte count.
            default -> out.write(new byte[] {request[0], request[1], 0, 0, 0, 4, 1, 4, 1, 0});
          }
          out.flush();
          Thread.sleep(50);
        } catch (IOException e) {
          // closed, or the client went away: next connection
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      thread.interrupt();
    }
  }
}
