package io.millwright.simulator.modbus;

import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import io.millwright.simulator.PortInUseException;
import io.millwright.simulator.ServedMachine;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One machine's Modbus TCP slave (unit id 1) on its own port. j2mod frames the messages; sockets
 * and threads are ours, so that a link drop can reset every open connection and refuse new ones
 * until the link is back, as a machine with a pulled cable would look to a master.
 *
 * <p>Call {@link #syncLink()} regularly (the simulator does on every tick); requests arriving in
 * between are checked against the link too.
 */
public final class ModbusSlave implements AutoCloseable {

  private static final Logger LOG = System.getLogger(ModbusSlave.class.getName());

  private final ServedMachine machine;
  private final RegisterLayout layout;
  private final InetAddress host;
  private final SlaveCounters counters = new SlaveCounters();
  private final ModbusRequestHandler handler;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  private int port;
  private ServerSocket server;
  private boolean closed;

  /**
   * @param port the port to listen on, 0 for any free one
   */
  public ModbusSlave(ServedMachine machine, InetAddress host, int port) {
    this.machine = machine;
    this.layout = RegisterLayout.of(machine.tags());
    this.host = host;
    this.port = port;
    this.handler =
        new ModbusRequestHandler(machine.id(), new ModbusImage(machine, layout), counters);
  }

  /**
   * Binds the port and starts accepting, unless the machine's link is down.
   *
   * @throws PortInUseException when the port is taken
   */
  public synchronized void start() {
    bind();
    if (!machine.linkUp()) {
      unbind();
    }
  }

  /** Follows the machine's link: drops and refuses connections while it is down. */
  public synchronized void syncLink() {
    if (closed) {
      return;
    }
    boolean up = machine.linkUp();
    if (!up && server != null) {
      LOG.log(Level.INFO, "{0}: link down, dropping Modbus connections", machine.id());
      unbind();
      dropClients();
    } else if (up && server == null) {
      LOG.log(Level.INFO, "{0}: link up, accepting Modbus connections again", machine.id());
      bind();
    }
  }

  /** The bound port (the actual one when 0 was asked for). */
  public synchronized int port() {
    return port;
  }

  public ServedMachine machine() {
    return machine;
  }

  public RegisterLayout layout() {
    return layout;
  }

  public SlaveCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      unbind();
      dropClients();
    }
    for (Thread t : threads) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void bind() {
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      // Rebinding after a simulated link drop must not wait for old connections' TIME_WAIT.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port), 50);
    } catch (BindException e) {
      closeQuietly(socket);
      throw new PortInUseException(
          port,
          "Modbus slave of " + machine.id() + " cannot listen on " + host.getHostAddress(),
          e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new IllegalStateException(
          "Modbus slave of " + machine.id() + " cannot listen on port " + port + ": " + e, e);
    }
    server = socket;
    port = socket.getLocalPort();
    ServerSocket accepting = socket;
    start("millwright-modbus-" + machine.id() + "-accept", () -> accept(accepting));
  }

  private void unbind() {
    closeQuietly(server);
    server = null;
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed by unbind() or close()
      }
      if (!machine.linkUp()) {
        reset(client);
        continue;
      }
      counters.connection();
      clients.add(client);
      start("millwright-modbus-" + machine.id() + "-" + client.getPort(), () -> serve(client));
    }
  }

  private void serve(Socket client) {
    try {
      client.setTcpNoDelay(true);
      ModbusTCPTransport transport = new ModbusTCPTransport(client);
      while (!client.isClosed()) {
        ModbusRequest request = transport.readRequest(null);
        if (!machine.linkUp()) {
          counters.drop();
          return;
        }
        transport.writeResponse(handler.answer(request));
      }
    } catch (ModbusIOException e) {
      if (!e.isEOF() && !client.isClosed()) {
        counters.malformedFrame();
        LOG.log(Level.DEBUG, "{0}: closing a connection: {1}", machine.id(), e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      // j2mod throws unchecked exceptions for frames whose lengths do not add up.
      counters.malformedFrame();
      LOG.log(Level.DEBUG, "{0}: closing a connection: {1}", machine.id(), e.toString());
    } finally {
      clients.remove(client);
      reset(client);
    }
  }

  private void dropClients() {
    for (Socket client : clients) {
      counters.drop();
      reset(client);
    }
    clients.clear();
  }

  /** Closes with an RST rather than a FIN, so the master sees a reset as on a broken link. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private void start(String name, Runnable body) {
    Thread thread =
        Thread.ofPlatform()
            .name(name)
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    body.run();
                  } finally {
                    threads.remove(Thread.currentThread());
                  }
                });
    threads.add(thread);
    thread.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
