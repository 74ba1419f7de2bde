package io.millwright.connect.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.Connector;
import io.millwright.connect.RecordingLink;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The S7 connector against a real S7 server (Snap7's, see {@link Snap7Plc}). */
class S7ConnectorIT {

  private static Snap7Plc plc;

  @BeforeAll
  static void startPlc() throws Exception {
    plc = Snap7Plc.start();
  }

  @AfterAll
  static void stopPlc() {
    if (plc != null) {
      plc.close();
    }
  }

  @BeforeEach
  void fillPlc() throws Exception {
    plc.resume();
    plc.set("DB", 1, 0, ByteBuffer.allocate(4).putFloat(12.5f).array());
    plc.set("DB", 1, 4, ByteBuffer.allocate(4).putInt(-123_456).array());
    plc.set("DB", 1, 8, ByteBuffer.allocate(2).putShort((short) -42).array());
    plc.set("DB", 1, 10, new byte[] {0b0000_1000});
    plc.set("DB", 1, 12, ByteBuffer.allocate(8).putDouble(3.141592653589793).array());
    byte[] text = new byte[22];
    text[0] = 20;
    text[1] = 5;
    System.arraycopy("HELLO".getBytes(StandardCharsets.ISO_8859_1), 0, text, 2, 5);
    plc.set("DB", 1, 20, text);
    // 2026-11-23 18:45:30.250, a Monday (weekday 2)
    plc.set("DB", 1, 50, new byte[] {0x26, 0x11, 0x23, 0x18, 0x45, 0x30, 0x25, 0x02});
    plc.set("DB", 1, 60, ByteBuffer.allocate(2).putShort((short) 1234).array());
    plc.set("MK", 0, 10, new byte[] {0x01});
    plc.set("MK", 0, 20, ByteBuffer.allocate(2).putShort((short) 777).array());
    plc.set("PE", 0, 0, new byte[] {0x02});
    plc.set("PA", 0, 4, new byte[] {(byte) 0xa5});
  }

  private static Tag tag(String name, String address, DataType type, boolean writable) {
    return new Tag(name, address, type, "", Scale.IDENTITY, 0, Optional.empty(), writable);
  }

  private static MachineDefinition press(List<Tag> tags) {
    return new MachineDefinition(
        "press-02",
        "Servo press",
        "pressing",
        "line-1",
        Protocol.S7,
        "s7://127.0.0.1:" + plc.port + "?rack=0&slot=1",
        Map.of("controllerType", "S7-1200", "timeout", "2s"),
        Duration.ofMillis(100),
        tags);
  }

  private static List<Tag> everyType() {
    List<Tag> tags = new ArrayList<>();
    tags.add(tag("press/force", "%DB1.DBD0:REAL", DataType.FLOAT32, true));
    tags.add(tag("counts/cycles", "%DB1:4:DINT", DataType.INT32, true));
    tags.add(tag("offset", "%DB1.DBW8:INT", DataType.INT16, true));
    tags.add(tag("running", "%DB1:10.3:BOOL", DataType.BOOL, true));
    tags.add(tag("precise", "%DB1:12:LREAL", DataType.FLOAT64, false));
    tags.add(tag("job/order", "%DB1:20:STRING(20)", DataType.STRING, true));
    tags.add(tag("clock", "%DB1:50:DATE_AND_TIME", DataType.STRING, false));
    tags.add(
        new Tag(
            "hydraulics/pressure",
            "%DB1:60:INT",
            DataType.FLOAT64,
            "bar",
            new Scale(0.1, 0),
            0,
            Optional.empty(),
            true));
    tags.add(tag("marker", "%M10.0:BOOL", DataType.BOOL, false));
    tags.add(tag("marker-word", "%MW20:INT", DataType.INT32, false));
    tags.add(tag("input", "%I0.1:BOOL", DataType.BOOL, false));
    tags.add(tag("output", "%QB4:BYTE", DataType.UINT16, false));
    return tags;
  }

  private static void awaitGood(RecordingLink link, String tag, Value expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Sample s = link.latest(tag);
              assertThat(s).as(tag).isNotNull();
              assertThat(s.quality().isGood()).as(tag + ": " + s.quality()).isTrue();
              assertThat(s.value()).as(tag).isEqualTo(expected);
            });
  }

  @Test
  void readsEveryKindOfVariableFromDataBlocksMarkersInputsAndOutputs() {
    RecordingLink link = new RecordingLink();
    try (Connector c = new S7ConnectorFactory().create(press(everyType()))) {
      c.start(link);
      awaitGood(link, "press/force", Value.of(12.5));
      awaitGood(link, "counts/cycles", Value.of(-123_456L));
      awaitGood(link, "offset", Value.of(-42L));
      awaitGood(link, "running", Value.of(true));
      awaitGood(link, "precise", Value.of(3.141592653589793));
      awaitGood(link, "job/order", Value.of("HELLO"));
      awaitGood(link, "clock", Value.of("2026-11-23T18:45:30.250"));
      awaitGood(link, "hydraulics/pressure", Value.of(123.4));
      awaitGood(link, "marker", Value.of(true));
      awaitGood(link, "marker-word", Value.of(777L));
      awaitGood(link, "input", Value.of(true));
      awaitGood(link, "output", Value.of(0xa5L));
      assertThat(link.events).containsExactly("connected");
      assertThat(c.stats().readErrors()).isZero();
    }
  }

  @Test
  void writesReachThePlcAndAreReadBack() throws Exception {
    RecordingLink link = new RecordingLink();
    try (Connector c = new S7ConnectorFactory().create(press(everyType()))) {
      c.start(link);
      awaitGood(link, "press/force", Value.of(12.5));
      c.write("press/force", Value.of(250.75)).get(10, TimeUnit.SECONDS);
      c.write("counts/cycles", Value.of(99_000L)).get(10, TimeUnit.SECONDS);
      c.write("offset", Value.of(-7L)).get(10, TimeUnit.SECONDS);
      c.write("running", Value.of(false)).get(10, TimeUnit.SECONDS);
      c.write("job/order", Value.of("PO-4711")).get(10, TimeUnit.SECONDS);
      c.write("hydraulics/pressure", Value.of(88.8)).get(10, TimeUnit.SECONDS);

      assertThat(ByteBuffer.wrap(plc.get("DB", 1, 0, 4)).getFloat()).isEqualTo(250.75f);
      assertThat(ByteBuffer.wrap(plc.get("DB", 1, 4, 4)).getInt()).isEqualTo(99_000);
      assertThat(ByteBuffer.wrap(plc.get("DB", 1, 8, 2)).getShort()).isEqualTo((short) -7);
      assertThat(plc.get("DB", 1, 10, 1)[0] & 0b1000).isZero();
      byte[] order = plc.get("DB", 1, 20, 9);
      assertThat(order[1]).isEqualTo((byte) 7);
      assertThat(new String(order, 2, 7, StandardCharsets.ISO_8859_1)).isEqualTo("PO-4711");
      assertThat(ByteBuffer.wrap(plc.get("DB", 1, 60, 2)).getShort()).isEqualTo((short) 888);
      // The write completes after its read-back.
      assertThat(link.latest("job/order").value()).isEqualTo(Value.of("PO-4711"));
      assertThat(link.latest("counts/cycles").value()).isEqualTo(Value.of(99_000L));
    }
  }

  @Test
  void writesThePlcCannotHoldAreRefusedBeforeTheySail() {
    RecordingLink link = new RecordingLink();
    try (Connector c = new S7ConnectorFactory().create(press(everyType()))) {
      c.start(link);
      awaitGood(link, "offset", Value.of(-42L));
      assertThatThrownBy(() -> c.write("offset", Value.of(40_000L)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(WriteException.class)
          .hasMessageContaining("out of range -32768..32767");
      assertThatThrownBy(
              () -> c.write("job/order", Value.of("x".repeat(21))).get(10, TimeUnit.SECONDS))
          .cause()
          .hasMessageContaining("holds 20 characters");
      assertThatThrownBy(() -> c.write("precise", Value.of(1.0)).get(10, TimeUnit.SECONDS))
          .cause()
          .hasMessageContaining("not defined writable");
      assertThat(c.stats().writeErrors()).isEqualTo(3);
    }
  }

  @Test
  void aDataBlockThePlcDoesNotHaveMakesItsTagsBadAndTheRestFlows() {
    List<Tag> tags = new ArrayList<>(everyType());
    tags.add(tag("ghost", "%DB9:0:INT", DataType.INT16, false));
    tags.add(tag("beyond", "%DB2:300:INT", DataType.INT16, false));
    RecordingLink link = new RecordingLink();
    try (Connector c = new S7ConnectorFactory().create(press(tags))) {
      c.start(link);
      awaitGood(link, "press/force", Value.of(12.5));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(link.latest("ghost")).isNotNull();
                assertThat(link.latest("ghost").quality().isGood()).isFalse();
                assertThat(link.latest("ghost").quality().reason()).contains("DB9");
                assertThat(link.latest("beyond").quality().isGood()).isFalse();
              });
      assertThat(c.stats().readErrors()).isPositive();
      assertThat(c.stats().lastError()).contains("DB");
      assertThat(link.events).containsExactly("connected");
    }
  }

  @Test
  void aBadStringLengthInThePlcMakesThatTagBad() throws Exception {
    RecordingLink link = new RecordingLink();
    try (Connector c = new S7ConnectorFactory().create(press(everyType()))) {
      c.start(link);
      awaitGood(link, "job/order", Value.of("HELLO"));
      plc.set("DB", 1, 20, new byte[] {20, 99});
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(link.latest("job/order").quality().reason())
                      .contains("says 99 characters"));
      assertThat(link.latest("press/force").quality().isGood()).isTrue();
      assertThat(c.stats().readErrors()).isPositive();
    }
  }

  @Test
  void aPlcThatLeavesTheNetworkIsReportedAndReconnectedWhenItReturns() throws Exception {
    RecordingLink link = new RecordingLink();
    try (Connector c = new S7ConnectorFactory().create(press(everyType()))) {
      c.start(link);
      awaitGood(link, "press/force", Value.of(12.5));
      plc.stop();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> link.events.stream().anyMatch(e -> e.startsWith("disconnected")));
      assertThatThrownBy(() -> c.write("offset", Value.of(1L)).get(10, TimeUnit.SECONDS))
          .cause()
          .hasMessageContaining("not connected");
      plc.set("DB", 1, 0, ByteBuffer.allocate(4).putFloat(77.25f).array());
      plc.resume();
      awaitGood(link, "press/force", Value.of(77.25));
      assertThat(link.events.getLast()).isEqualTo("connected");
      assertThat(c.stats().reconnects()).isPositive();
    }
  }

  @Test
  void aThousandVariablesAreReadInAFewPduSizedRequests() throws Exception {
    byte[] block = new byte[4000];
    ByteBuffer b = ByteBuffer.wrap(block);
    for (int i = 0; i < 1000; i++) {
      b.putInt(i * 4, i * 3);
    }
    plc.set("DB", 1, 0, block);
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      tags.add(tag("v/" + i, "%DB1:" + (i * 4) + ":DINT", DataType.INT32, false));
    }
    MachineDefinition machine = press(tags);
    S7ConnectorFactory factory = new S7ConnectorFactory();
    RecordingLink link = new RecordingLink();
    try (Connector c = factory.create(machine)) {
      c.start(link);
      awaitGood(link, "v/0", Value.of(0L));
      awaitGood(link, "v/999", Value.of(2997L));
      awaitGood(link, "v/500", Value.of(1500L));
      // 4,000 bytes in ranges of at most 462 (PDU 480): nine round trips, not a thousand.
      assertThat(link.batches.getLast()).hasSize(1000);
    }
  }
}
