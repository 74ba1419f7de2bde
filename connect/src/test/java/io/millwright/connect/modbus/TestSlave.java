package io.millwright.connect.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.FIFO;
import com.ghgande.j2mod.modbus.procimg.File;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real j2mod Modbus TCP slave on a free loopback port, with a process image the test sets and
 * reads, and counts of the range and single-item accesses it served (to check request merging and
 * which function code a write used).
 */
public final class TestSlave implements AutoCloseable {

  final SimpleProcessImage image;
  final AtomicInteger rangeCalls = new AtomicInteger();
  final AtomicInteger singleCalls = new AtomicInteger();
  private final int unitId;
  private final int port;
  private ModbusSlave slave;

  private TestSlave(int registers, int bits, int unitId) {
    this.unitId = unitId;
    image = new SimpleProcessImage(unitId);
    for (int i = 0; i < registers; i++) {
      image.addRegister(new SimpleRegister(0));
      image.addInputRegister(new SimpleInputRegister(0));
    }
    for (int i = 0; i < bits; i++) {
      image.addDigitalOut(new SimpleDigitalOut(false));
      image.addDigitalIn(new SimpleDigitalIn(false));
    }
    port = freePort();
  }

  public static TestSlave start(int registers, int bits) {
    return start(registers, bits, 1);
  }

  static TestSlave start(int registers, int bits, int unitId) {
    TestSlave s = new TestSlave(registers, bits, unitId);
    s.open();
    return s;
  }

  int port() {
    return port;
  }

  public String endpoint() {
    return "tcp://127.0.0.1:" + port;
  }

  public void open() {
    try {
      slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
      slave.addProcessImage(unitId, new Counting(image));
      slave.open();
    } catch (ModbusException e) {
      throw new IllegalStateException("cannot start the Modbus test slave: " + e.getMessage(), e);
    }
  }

  public void stop() {
    if (slave != null) {
      ModbusSlaveFactory.close(slave);
      slave = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public void holding(int address, int... values) {
    for (int i = 0; i < values.length; i++) {
      image.getRegister(address + i).setValue(values[i]);
    }
  }

  public int holding(int address) {
    return image.getRegister(address).getValue() & 0xFFFF;
  }

  public void input(int address, int... values) {
    for (int i = 0; i < values.length; i++) {
      ((SimpleInputRegister) image.getInputRegister(address + i)).setValue(values[i]);
    }
  }

  public void coil(int address, boolean on) {
    image.getDigitalOut(address).set(on);
  }

  public boolean coil(int address) {
    return image.getDigitalOut(address).isSet();
  }

  void discrete(int address, boolean on) {
    ((SimpleDigitalIn) image.getDigitalIn(address)).set(on);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts the range accesses the slave makes while serving requests. */
  private final class Counting implements ProcessImage {
    private final ProcessImage d;

    Counting(ProcessImage delegate) {
      this.d = delegate;
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
      rangeCalls.incrementAndGet();
      return d.getDigitalOutRange(offset, count);
    }

    @Override
    public DigitalOut getDigitalOut(int ref) {
      singleCalls.incrementAndGet();
      return d.getDigitalOut(ref);
    }

    @Override
    public int getDigitalOutCount() {
      return d.getDigitalOutCount();
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
      rangeCalls.incrementAndGet();
      return d.getDigitalInRange(offset, count);
    }

    @Override
    public DigitalIn getDigitalIn(int ref) {
      return d.getDigitalIn(ref);
    }

    @Override
    public int getDigitalInCount() {
      return d.getDigitalInCount();
    }

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
      rangeCalls.incrementAndGet();
      return d.getInputRegisterRange(offset, count);
    }

    @Override
    public InputRegister getInputRegister(int ref) {
      return d.getInputRegister(ref);
    }

    @Override
    public int getInputRegisterCount() {
      return d.getInputRegisterCount();
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
      rangeCalls.incrementAndGet();
      return d.getRegisterRange(offset, count);
    }

    @Override
    public Register getRegister(int ref) {
      singleCalls.incrementAndGet();
      return d.getRegister(ref);
    }

    @Override
    public int getRegisterCount() {
      return d.getRegisterCount();
    }

    @Override
    public File getFile(int ref) {
      return d.getFile(ref);
    }

    @Override
    public File getFileByNumber(int ref) {
      return d.getFileByNumber(ref);
    }

    @Override
    public int getFileCount() {
      return d.getFileCount();
    }

    @Override
    public FIFO getFIFO(int ref) {
      return d.getFIFO(ref);
    }

    @Override
    public FIFO getFIFOByAddress(int ref) {
      return d.getFIFOByAddress(ref);
    }

    @Override
    public int getFIFOCount() {
      return d.getFIFOCount();
    }
  }
}
