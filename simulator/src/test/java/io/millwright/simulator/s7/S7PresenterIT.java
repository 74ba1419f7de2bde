package io.millwright.simulator.s7;

import static io.millwright.simulator.FixtureMachine.setpoint;
import static io.millwright.simulator.FixtureMachine.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import io.millwright.simulator.PortInUseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.plc4x.java.DefaultPlcDriverManager;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.messages.PlcReadRequest;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.messages.PlcWriteResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The presenter against PLC4X's own S7 client, over loopback. */
class S7PresenterIT {

  private final FixtureMachine machine = new FixtureMachine("press-07", Protocol.S7);
  private S7Presenter presenter;
  private Map<String, String> addresses;
  private PlcConnection client;

  @BeforeEach
  void start() throws Exception {
    presenter = new S7Presenter(machine, InetAddress.getLoopbackAddress(), 0, "127.0.0.1");
    presenter.start();
    addresses =
        presenter.definition().tags().stream().collect(Collectors.toMap(Tag::name, Tag::address));
    client = connect();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    presenter.close();
  }

  private PlcConnection connect() throws Exception {
    return connect("&controller-type=S7_1500");
  }

  private PlcConnection connect(String options) throws Exception {
    return new DefaultPlcDriverManager()
        .getConnectionManager()
        .getConnection(
            "s7://127.0.0.1:" + presenter.port() + "?remote-rack=0&remote-slot=1" + options);
  }

  private PlcReadResponse read(PlcConnection connection, Map<String, String> tags)
      throws Exception {
    PlcReadRequest.Builder builder = connection.readRequestBuilder();
    tags.forEach(builder::addTagAddress);
    return builder.build().execute().get(10, TimeUnit.SECONDS);
  }

  private PlcWriteResponse write(String tag, Object value) throws Exception {
    return client
        .writeRequestBuilder()
        .addTagAddress(tag, addresses.get(tag), value)
        .build()
        .execute()
        .get(10, TimeUnit.SECONDS);
  }

  private static Value plc4xValue(DataType type, PlcReadResponse response, String tag) {
    return switch (type) {
      case BOOL -> Value.of(response.getBoolean(tag));
      case INT16, UINT16, INT32, UINT32, INT64 -> Value.of(response.getLong(tag));
      case FLOAT32, FLOAT64 -> Value.of(response.getDouble(tag));
      case STRING -> Value.of(response.getString(tag));
    };
  }

  @Test
  void everyTypeReadsBackTheMachinesValueInOneRequest() throws Exception {
    long before = presenter.counters().requests();
    PlcReadResponse response = read(client, addresses);

    assertThat(presenter.counters().requests() - before).isEqualTo(1);
    for (DataType type : DataType.values()) {
      for (String tag : new String[] {value(type), setpoint(type)}) {
        assertThat(response.getResponseCode(tag)).as(tag).isEqualTo(PlcResponseCode.OK);
        assertThat(plc4xValue(type, response, tag))
            .as(tag)
            .isEqualTo(FixtureMachine.INITIAL.get(type));
      }
    }
  }

  @Test
  void readsFollowTheMachine() throws Exception {
    machine.set(value(DataType.FLOAT32), Value.of(-0.5));
    machine.set(value(DataType.BOOL), Value.of(false));
    machine.set(value(DataType.STRING), Value.of("HUB-7"));
    Map<String, String> tags =
        Map.of(
            "f", addresses.get(value(DataType.FLOAT32)),
            "b", addresses.get(value(DataType.BOOL)),
            "s", addresses.get(value(DataType.STRING)));

    PlcReadResponse response = read(client, tags);

    assertThat(response.getDouble("f")).isEqualTo(-0.5);
    assertThat(response.getBoolean("b")).isFalse();
    assertThat(response.getString("s")).isEqualTo("HUB-7");
  }

  @Test
  void writesReachTheMachine() throws Exception {
    Map<DataType, Object> written =
        Map.of(
            DataType.BOOL,
            false,
            DataType.INT16,
            (short) -7,
            DataType.UINT16,
            9_000,
            DataType.INT32,
            -9_999,
            DataType.UINT32,
            8_000L,
            DataType.INT64,
            -5L,
            DataType.FLOAT32,
            2.5f,
            DataType.FLOAT64,
            -0.125,
            DataType.STRING,
            "GEAR-7");
    for (Map.Entry<DataType, Object> w : written.entrySet()) {
      String tag = setpoint(w.getKey());
      assertThat(write(tag, w.getValue()).getResponseCode(tag))
          .as(tag)
          .isEqualTo(PlcResponseCode.OK);
    }

    assertThat(machine.read(setpoint(DataType.BOOL))).isEqualTo(Value.of(false));
    assertThat(machine.read(setpoint(DataType.INT16))).isEqualTo(Value.of(-7L));
    assertThat(machine.read(setpoint(DataType.UINT16))).isEqualTo(Value.of(9_000L));
    assertThat(machine.read(setpoint(DataType.INT32))).isEqualTo(Value.of(-9_999L));
    assertThat(machine.read(setpoint(DataType.UINT32))).isEqualTo(Value.of(8_000L));
    assertThat(machine.read(setpoint(DataType.INT64))).isEqualTo(Value.of(-5L));
    assertThat(machine.read(setpoint(DataType.FLOAT32))).isEqualTo(Value.of(2.5));
    assertThat(machine.read(setpoint(DataType.FLOAT64))).isEqualTo(Value.of(-0.125));
    assertThat(machine.read(setpoint(DataType.STRING))).isEqualTo(Value.of("GEAR-7"));
    // The machine's neighbours in DB1 are untouched.
    assertThat(machine.read(value(DataType.BOOL))).isEqualTo(Value.of(true));
    assertThat(presenter.counters().refusedWrites()).isZero();
  }

  @Test
  void aWriteTheMachineRefusesAnswersWithAnErrorCode() throws Exception {
    String tag = setpoint(DataType.FLOAT32);
    PlcWriteResponse outOfRange = write(tag, 20_000f);
    String readOnly = value(DataType.INT32);
    PlcWriteResponse toReadOnly = write(readOnly, 5);

    // DATA_TYPE_NOT_SUPPORTED and ACCESS_DENIED on the wire (PlcMemoryTest); PLC4X 0.13.1 reports
    // every code it has no name for as INTERNAL_ERROR.
    assertThat(outOfRange.getResponseCode(tag)).isEqualTo(PlcResponseCode.INVALID_DATATYPE);
    assertThat(toReadOnly.getResponseCode(readOnly)).isEqualTo(PlcResponseCode.INTERNAL_ERROR);
    assertThat(machine.read(tag)).isEqualTo(FixtureMachine.INITIAL.get(DataType.FLOAT32));
    assertThat(machine.read(readOnly)).isEqualTo(FixtureMachine.INITIAL.get(DataType.INT32));
    assertThat(presenter.counters().refusedWrites()).isEqualTo(2);
  }

  @Test
  void aMissingBlockOrAnAddressBeyondDb1FailsOnlyThatItem() throws Exception {
    int size = presenter.layout().size();
    PlcReadResponse response =
        read(
            client,
            Map.of(
                "absent",
                "%DB9:0:INT",
                "beyond",
                "%DB1:" + size + ":INT",
                "present",
                addresses.get(value(DataType.INT16))));

    // NOT_FOUND on the wire for the block (PlcMemoryTest); PLC4X 0.13.1 folds it into
    // INVALID_ADDRESS.
    assertThat(response.getResponseCode("absent")).isEqualTo(PlcResponseCode.INVALID_ADDRESS);
    assertThat(response.getResponseCode("beyond")).isEqualTo(PlcResponseCode.INVALID_ADDRESS);
    assertThat(response.getResponseCode("present")).isEqualTo(PlcResponseCode.OK);
    assertThat(response.getLong("present")).isEqualTo(-1234L);
  }

  @Test
  void inputsOutputsAndMarkersReadAsZeros() throws Exception {
    PlcReadResponse response =
        read(client, Map.of("i", "%I0:BYTE", "q", "%Q4:WORD", "m", "%M10.3:BOOL"));

    assertThat(response.getResponseCode("i")).isEqualTo(PlcResponseCode.OK);
    assertThat(response.getLong("i")).isZero();
    assertThat(response.getLong("q")).isZero();
    assertThat(response.getBoolean("m")).isFalse();
  }

  @Test
  void twentyItemsInOneRequest() throws Exception {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      tags.put("int16-" + i, addresses.get(value(DataType.INT16)));
    }
    long before = presenter.counters().requests();

    PlcReadResponse response = read(client, tags);

    assertThat(presenter.counters().requests() - before).isEqualTo(1);
    for (String tag : tags.keySet()) {
      assertThat(response.getLong(tag)).as(tag).isEqualTo(-1234L);
    }
  }

  @Test
  void aLinkDropDisconnectsAndRefusesClientsUntilItIsBack() throws Exception {
    machine.setLinkUp(false);
    presenter.tick(0);

    await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    // Closing a listening socket while its accept thread is blocked completes once that thread
    // wakes up: for a moment the port may still take a connection.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> new Socket("127.0.0.1", presenter.port()).close())
                    .isInstanceOf(ConnectException.class));
    assertThat(presenter.counters().dropped()).isEqualTo(1);

    machine.setLinkUp(true);
    presenter.tick(0);
    PlcConnection again = connect();
    try {
      PlcReadResponse response = read(again, Map.of("x", addresses.get(value(DataType.INT32))));
      assertThat(response.getLong("x")).isEqualTo(-123_456_789L);
    } finally {
      again.close();
    }
  }

  @Test
  void aGarbledFrameClosesOnlyThatConnection() throws Exception {
    try (Socket raw = new Socket("127.0.0.1", presenter.port())) {
      raw.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
      raw.getOutputStream().flush();
      assertThat(raw.getInputStream().read()).isEqualTo(-1);
    } catch (IOException reset) {
      // A reset is as good as an end of stream here: the server closed the connection.
    }

    assertThat(presenter.counters().malformed()).isEqualTo(1);
    PlcReadResponse response = read(client, Map.of("x", addresses.get(value(DataType.INT16))));
    assertThat(response.getLong("x")).isEqualTo(-1234L);
  }

  @Test
  void theDefinitionNamesTheEndpointAndTheControllerType() {
    MachineDefinition definition = presenter.definition();

    assertThat(definition.protocol()).isEqualTo(Protocol.S7);
    assertThat(definition.endpoint())
        .isEqualTo("s7://127.0.0.1:" + presenter.port() + "?rack=0&slot=1");
    assertThat(definition.options()).containsEntry("controllerType", "S7-1500");
    assertThat(definition.tags()).hasSize(machine.tags().size());
    Tag setpoint =
        definition.tags().stream()
            .filter(t -> t.name().equals(setpoint(DataType.FLOAT32)))
            .findFirst()
            .orElseThrow();
    assertThat(setpoint.type()).isEqualTo(DataType.FLOAT32);
    assertThat(setpoint.unit()).isEqualTo("degC");
    assertThat(setpoint.writable()).isTrue();
    assertThat(setpoint.address()).isEqualTo("%DB1:46:REAL");
  }

  @Test
  void aClientThatDoesNotKnowTheCpuTypeAsksAndConnects() throws Exception {
    PlcConnection asking = connect("");
    try {
      PlcReadResponse response = read(asking, Map.of("x", addresses.get(value(DataType.INT16))));
      assertThat(response.getLong("x")).isEqualTo(-1234L);
    } finally {
      asking.close();
    }
  }

  @Test
  void aTakenPortIsNamed() {
    S7Presenter second =
        new S7Presenter(machine, InetAddress.getLoopbackAddress(), presenter.port(), "127.0.0.1");

    assertThatThrownBy(second::start)
        .isInstanceOf(PortInUseException.class)
        .hasMessageContaining(String.valueOf(presenter.port()));
    assertThatThrownBy(second::definition).isInstanceOf(IllegalStateException.class);
    second.close();
  }
}
