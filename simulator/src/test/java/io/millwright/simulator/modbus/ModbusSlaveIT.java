package io.millwright.simulator.modbus;

import static io.millwright.simulator.FixtureMachine.setpoint;
import static io.millwright.simulator.FixtureMachine.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The slave against j2mod's own TCP master, over loopback. */
class ModbusSlaveIT {

  private static final int UNIT = 1;

  private final FixtureMachine machine = new FixtureMachine("press-01", Protocol.MODBUS);
  private ModbusSlave slave;
  private ModbusTCPMaster master;

  @BeforeEach
  void start() throws Exception {
    slave = new ModbusSlave(machine, InetAddress.getLoopbackAddress(), 0);
    slave.start();
    master = new ModbusTCPMaster("127.0.0.1", slave.port());
    master.connect();
  }

  @AfterEach
  void stop() {
    master.disconnect();
    slave.close();
  }

  private RegisterSlot slot(String tag) {
    return slave.layout().slot(tag).orElseThrow();
  }

  private int[] input(String tag) throws Exception {
    RegisterSlot s = slot(tag);
    InputRegister[] registers = master.readInputRegisters(UNIT, s.offset(), s.width());
    return Arrays.stream(registers).mapToInt(InputRegister::toUnsignedShort).toArray();
  }

  private int[] holding(String tag) throws Exception {
    RegisterSlot s = slot(tag);
    Register[] registers = master.readMultipleRegisters(UNIT, s.offset(), s.width());
    return Arrays.stream(registers).mapToInt(InputRegister::toUnsignedShort).toArray();
  }

  @Test
  void everyNumericTypeReadsBackInBigEndianWordOrder() throws Exception {
    for (DataType type : DataType.values()) {
      if (type == DataType.BOOL) {
        continue;
      }
      Value expected = FixtureMachine.INITIAL.get(type);
      assertThat(RegisterCodec.decode(type, input(value(type))))
          .as(type.name())
          .isEqualTo(expected);
      assertThat(RegisterCodec.decode(type, holding(setpoint(type))))
          .as(type.name())
          .isEqualTo(expected);
    }
    // Raw words, independent of our codec: -123456789 = 0xF8A432EB.
    assertThat(input(value(DataType.INT32))).containsExactly(0xF8A4, 0x32EB);
    // 'H' 'U' in the first register, high byte first.
    assertThat(input(value(DataType.STRING))[0]).isEqualTo(('H' << 8) | 'U');
  }

  @Test
  void bitsAreDiscreteInputsWhenReadOnlyAndCoilsWhenWritable() throws Exception {
    BitVector discrete = master.readInputDiscretes(UNIT, 0, 1);
    BitVector coil = master.readCoils(UNIT, 0, 1);
    assertThat(discrete.getBit(0)).isTrue();
    assertThat(coil.getBit(0)).isTrue();

    machine.set(value(DataType.BOOL), Value.of(false));
    assertThat(master.readInputDiscretes(UNIT, 0, 1).getBit(0)).isFalse();
  }

  @Test
  void valuesAreLiveNotCopies() throws Exception {
    machine.set(value(DataType.FLOAT32), Value.of(-0.5));
    assertThat(input(value(DataType.FLOAT32))).containsExactly(0xBF00, 0x0000);
  }

  @Test
  void writeSingleCoilAndMultipleCoils() throws Exception {
    master.writeCoil(UNIT, 0, false); // FC 5
    assertThat(machine.read(setpoint(DataType.BOOL))).isEqualTo(Value.of(false));
    BitVector bits = new BitVector(1);
    bits.setBit(0, true);
    master.writeMultipleCoils(UNIT, 0, bits); // FC 15
    assertThat(machine.read(setpoint(DataType.BOOL))).isEqualTo(Value.of(true));
  }

  @Test
  void writeSingleAndMultipleRegisters() throws Exception {
    master.writeSingleRegister(
        UNIT, slot(setpoint(DataType.INT16)).offset(), new SimpleRegister(0xFFFE)); // FC 6
    assertThat(machine.read(setpoint(DataType.INT16))).isEqualTo(Value.of(-2L));

    int[] words = RegisterCodec.encode(DataType.FLOAT64, Value.of(42.25));
    Register[] registers =
        Arrays.stream(words).mapToObj(SimpleRegister::new).toArray(Register[]::new);
    master.writeMultipleRegisters(
        UNIT, slot(setpoint(DataType.FLOAT64)).offset(), registers); // FC 16
    assertThat(machine.read(setpoint(DataType.FLOAT64))).isEqualTo(Value.of(42.25));

    int[] text = RegisterCodec.encode(DataType.STRING, Value.of("CLIP-7"));
    Register[] textRegisters =
        Arrays.stream(text).mapToObj(SimpleRegister::new).toArray(Register[]::new);
    master.writeMultipleRegisters(UNIT, slot(setpoint(DataType.STRING)).offset(), textRegisters);
    assertThat(machine.read(setpoint(DataType.STRING))).isEqualTo(Value.of("CLIP-7"));
  }

  @Test
  void aBadAddressAnswersIllegalDataAddress() {
    int past = slave.layout().size(RegisterTable.HOLDING_REGISTER);
    assertThatThrownBy(() -> master.readMultipleRegisters(UNIT, past, 1))
        .isInstanceOfSatisfying(
            ModbusSlaveException.class,
            e -> assertThat(e.getType()).isEqualTo(ModbusRefusal.ILLEGAL_DATA_ADDRESS));
    assertThat(slave.counters().exceptions()).isEqualTo(1);
  }

  @Test
  void aValueTheMachineRefusesAnswersIllegalDataValue() {
    int offset = slot(setpoint(DataType.UINT16)).offset();
    assertThatThrownBy(() -> master.writeSingleRegister(UNIT, offset, new SimpleRegister(60000)))
        .isInstanceOfSatisfying(
            ModbusSlaveException.class,
            e -> assertThat(e.getType()).isEqualTo(ModbusRefusal.ILLEGAL_DATA_VALUE));
    assertThat(machine.read(setpoint(DataType.UINT16))).isEqualTo(Value.of(65000L));
  }

  @Test
  void countersCountRequestsAndExceptions() throws Exception {
    input(value(DataType.INT16));
    input(value(DataType.INT64));
    assertThatThrownBy(() -> master.readInputRegisters(UNIT, 9999, 1))
        .isInstanceOf(ModbusSlaveException.class);
    assertThat(slave.counters().requests()).isEqualTo(3);
    assertThat(slave.counters().exceptions()).isEqualTo(1);
  }

  @Test
  void aLinkDropResetsOpenConnectionsAndRefusesNewOnesUntilItIsBack() throws Exception {
    try (Socket client = new Socket("127.0.0.1", slave.port())) {
      assertThat(rawReadHolding(client)).isEqualTo(0x03);

      machine.setLinkUp(false);
      slave.syncLink();

      assertThatThrownBy(() -> rawReadHolding(client)).isInstanceOf(IOException.class);
      // Closing a listening socket while its accept thread is blocked completes once that thread
      // wakes up: for a moment the port may still take a connection.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> new Socket("127.0.0.1", slave.port()).close())
                      .isInstanceOf(ConnectException.class));
    }

    machine.setLinkUp(true);
    slave.syncLink();
    try (Socket again = new Socket("127.0.0.1", slave.port())) {
      assertThat(rawReadHolding(again)).isEqualTo(0x03);
    }
    assertThat(slave.counters().dropped()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aGarbledFrameClosesOnlyThatConnection() throws Exception {
    try (Socket client = new Socket("127.0.0.1", slave.port())) {
      // MBAP header announcing 2000 bytes, more than any Modbus frame.
      client.getOutputStream().write(new byte[] {0, 1, 0, 0, 0x07, (byte) 0xD0, 1, 3});
      client.getOutputStream().flush();
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    } catch (IOException reset) {
      // A reset is as good as an end of stream here: the slave closed the connection.
    }
    assertThat(input(value(DataType.INT16))).hasSize(1);
    assertThat(slave.counters().malformed()).isEqualTo(1);
  }

  /** Sends FC 3 for holding register 0 and returns the function code of the answer. */
  private static int rawReadHolding(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(new byte[] {0, 7, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1});
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] header = new byte[8];
    in.readFully(header);
    int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
    in.readFully(new byte[length - 2]);
    return header[7];
  }
}
