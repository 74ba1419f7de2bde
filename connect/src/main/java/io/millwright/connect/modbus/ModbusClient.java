package io.millwright.connect.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterResponse;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One Modbus TCP master connection (j2mod underneath), used from one thread at a time: the
 * connector's scheduler thread. {@link #close} may be called from any thread and unblocks a request
 * in flight.
 *
 * <p>Every response is checked against its request (function, count) before its data is used: a
 * response that does not match means the stream is out of step, which is a {@link LinkLost}, never
 * an exception escaping to the caller.
 */
final class ModbusClient implements AutoCloseable {

  private final ModbusEndpoint endpoint;
  private final int unitId;
  private final int timeoutMillis;
  private volatile TCPMasterConnection connection;
  private long lastRoundTripNanos = -1;

  ModbusClient(ModbusEndpoint endpoint, ModbusOptions options) {
    this.endpoint = endpoint;
    this.unitId = options.unitId();
    this.timeoutMillis = (int) options.timeout().toMillis();
  }

  void connect() throws LinkLost {
    close();
    InetAddress address;
    try {
      address = InetAddress.getByName(endpoint.host());
    } catch (UnknownHostException e) {
      throw new LinkLost("unknown host " + endpoint.host());
    }
    TCPMasterConnection c = new TCPMasterConnection(address);
    c.setPort(endpoint.port());
    c.setTimeout(timeoutMillis);
    try {
      c.connect();
    } catch (Exception e) {
      c.close();
      throw new LinkLost("cannot connect to " + endpoint + ": " + oneLine(e), e);
    }
    connection = c;
  }

  boolean isConnected() {
    TCPMasterConnection c = connection;
    return c != null && c.isConnected();
  }

  /** The round trip of the last request that got an answer, -1 before the first. */
  long lastRoundTripNanos() {
    return lastRoundTripNanos;
  }

  /** Unsigned 16-bit register values of an input or holding range (FC4, FC3). */
  int[] readRegisters(Table table, int start, int count) throws ModbusRefusal, LinkLost {
    if (table == Table.HOLDING) {
      var response =
          execute(
              new ReadMultipleRegistersRequest(start, count), ReadMultipleRegistersResponse.class);
      return words(response.getWordCount(), count, response::getRegisterValue);
    }
    var response =
        execute(new ReadInputRegistersRequest(start, count), ReadInputRegistersResponse.class);
    return words(response.getWordCount(), count, response::getRegisterValue);
  }

  /** Bits of a coil or discrete input range (FC1, FC2). */
  boolean[] readBits(Table table, int start, int count) throws ModbusRefusal, LinkLost {
    BitVector bits;
    if (table == Table.COIL) {
      bits = execute(new ReadCoilsRequest(start, count), ReadCoilsResponse.class).getCoils();
    } else {
      bits =
          execute(new ReadInputDiscretesRequest(start, count), ReadInputDiscretesResponse.class)
              .getDiscretes();
    }
    // The byte count in the response rounds up to whole bytes; fewer bytes than needed is garbage.
    if (bits == null || bits.byteSize() < (count + 7) / 8) {
      throw new LinkLost("malformed response: fewer than " + count + " bits");
    }
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = bits.getBit(i);
    }
    return out;
  }

  /** FC5. */
  void writeCoil(int address, boolean on) throws ModbusRefusal, LinkLost {
    execute(new WriteCoilRequest(address, on), WriteCoilResponse.class);
  }

  /** FC15. */
  void writeCoils(int start, boolean[] values) throws ModbusRefusal, LinkLost {
    BitVector bits = new BitVector(values.length);
    for (int i = 0; i < values.length; i++) {
      bits.setBit(i, values[i]);
    }
    execute(new WriteMultipleCoilsRequest(start, bits), WriteMultipleCoilsResponse.class);
  }

  /** FC6 for one register, FC16 for more. */
  void writeRegisters(int start, int[] values) throws ModbusRefusal, LinkLost {
    if (values.length == 1) {
      execute(
          new WriteSingleRegisterRequest(start, new SimpleRegister(values[0])),
          WriteSingleRegisterResponse.class);
      return;
    }
    Register[] registers = new Register[values.length];
    for (int i = 0; i < values.length; i++) {
      registers[i] = new SimpleRegister(values[i]);
    }
    execute(
        new WriteMultipleRegistersRequest(start, registers), WriteMultipleRegistersResponse.class);
  }

  private <R extends ModbusResponse> R execute(ModbusRequest request, Class<R> expected)
      throws ModbusRefusal, LinkLost {
    TCPMasterConnection c = connection;
    if (c == null || !c.isConnected()) {
      throw new LinkLost("not connected to " + endpoint);
    }
    request.setUnitID(unitId);
    ModbusTCPTransaction transaction = new ModbusTCPTransaction(c);
    // One attempt: retrying and reconnecting are the connector's decisions (with back-off),
    // not something to hide inside a request.
    transaction.setRetries(1);
    transaction.setCheckingValidity(true);
    transaction.setRequest(request);
    long started = System.nanoTime();
    ModbusResponse response;
    try {
      transaction.execute();
      response = transaction.getResponse();
    } catch (ModbusSlaveException e) {
      lastRoundTripNanos = System.nanoTime() - started;
      throw new ModbusRefusal(e.getType());
    } catch (ModbusException e) {
      throw new LinkLost(endpoint + ": " + oneLine(e), e);
    } catch (RuntimeException e) {
      // j2mod parsing a garbled frame can fail with anything; the stream is not to be trusted.
      throw new LinkLost(endpoint + ": malformed response (" + oneLine(e) + ")", e);
    }
    lastRoundTripNanos = System.nanoTime() - started;
    if (!expected.isInstance(response)) {
      throw new LinkLost(
          endpoint
              + ": malformed response: expected function "
              + request.getFunctionCode()
              + ", got "
              + (response == null ? "nothing" : response.getFunctionCode()));
    }
    return expected.cast(response);
  }

  private interface WordAt {
    int at(int index);
  }

  private int[] words(int got, int wanted, WordAt word) throws LinkLost {
    if (got != wanted) {
      throw new LinkLost(
          endpoint + ": malformed response: " + got + " registers for a read of " + wanted);
    }
    int[] out = new int[wanted];
    try {
      for (int i = 0; i < wanted; i++) {
        out[i] = word.at(i) & 0xFFFF;
      }
    } catch (RuntimeException e) {
      throw new LinkLost(endpoint + ": malformed response (" + oneLine(e) + ")", e);
    }
    return out;
  }

  @Override
  public void close() {
    TCPMasterConnection c = connection;
    connection = null;
    if (c != null) {
      c.close();
    }
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replace('\n', ' ').replace('\r', ' ');
  }
}
