package io.millwright.simulator.s7;

import io.millwright.simulator.PortInUseException;
import io.millwright.simulator.ServedMachine;
import java.io.Closeable;
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
 * One machine's S7 server on its own port: a thread accepting, a virtual thread per client. The
 * sockets are ours so that a link drop can reset every open connection and refuse new ones until
 * the link is back, as a CPU with a pulled cable looks to a client.
 *
 * <p>Call {@link #syncLink()} regularly (the presenter does on every tick); requests arriving in
 * between are checked against the link too.
 */
final class S7Server implements AutoCloseable {

  private static final Logger LOG = System.getLogger(S7Server.class.getName());

  private final ServedMachine machine;
  private final PlcMemory memory;
  private final InetAddress host;
  private final S7Counters counters;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  private int port;
  private ServerSocket server;
  private boolean closed;

  /**
   * @param port the port to listen on, 0 for any free one
   */
  S7Server(
      ServedMachine machine, PlcMemory memory, S7Counters counters, InetAddress host, int port) {
    this.machine = machine;
    this.memory = memory;
    this.counters = counters;
    this.host = host;
    this.port = port;
  }

  /**
   * Binds the port and starts accepting, unless the machine's link is down.
   *
   * @throws PortInUseException when the port is taken
   */
  synchronized void start() {
    bind();
    if (!machine.linkUp()) {
      unbind();
    }
  }

  /** Follows the machine's link: drops and refuses connections while it is down. */
  synchronized void syncLink() {
    if (closed) {
      return;
    }
    boolean up = machine.linkUp();
    if (!up && server != null) {
      LOG.log(Level.INFO, "{0}: link down, dropping S7 connections", machine.id());
      unbind();
      dropClients();
    } else if (up && server == null) {
      LOG.log(Level.INFO, "{0}: link up, accepting S7 connections again", machine.id());
      bind();
    }
  }

  /** The bound port (the actual one when 0 was asked for). */
  synchronized int port() {
    return port;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      unbind();
      dropClients();
    }
    for (Thread t : threads) {
      try {
        t.join();
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
          port, "S7 server of " + machine.id() + " cannot listen on " + host.getHostAddress(), e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new IllegalStateException(
          "S7 server of " + machine.id() + " cannot listen on port " + port + ": " + e, e);
    }
    server = socket;
    port = socket.getLocalPort();
    ServerSocket accepting = socket;
    start("millwright-s7-" + machine.id() + "-accept", () -> accept(accepting));
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
      if (!admit(socket, client)) {
        reset(client);
      }
    }
  }

  /**
   * Starts serving a client unless the link went down or the server closed since it was accepted;
   * under the lock, so that {@link #close()} and {@link #syncLink()} see every client served.
   */
  private synchronized boolean admit(ServerSocket listening, Socket client) {
    if (closed || server != listening || !machine.linkUp()) {
      return false;
    }
    counters.connection();
    clients.add(client);
    start("millwright-s7-" + machine.id() + "-" + client.getPort(), () -> serve(client));
    return true;
  }

  private void serve(Socket client) {
    S7Session session = new S7Session(memory, counters);
    try {
      client.setTcpNoDelay(true);
      if (new S7Connection(client, session, machine::linkUp).serve()) {
        counters.drop();
      }
    } catch (BadFrameException e) {
      counters.malformedFrame();
      LOG.log(Level.DEBUG, "{0}: closing an S7 connection: {1}", machine.id(), e.getMessage());
    } catch (IOException e) {
      // The client went away, or dropClients() closed the socket under us.
      LOG.log(Level.DEBUG, "{0}: S7 connection ended: {1}", machine.id(), e.toString());
    } catch (RuntimeException e) {
      // Our bug or the machine's, not the client's: log it, drop the client, keep serving others.
      LOG.log(Level.WARNING, machine.id() + ": S7 connection failed", e);
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

  /** Closes with an RST rather than a FIN, so the client sees a reset as on a broken link. */
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
        Thread.ofVirtual()
            .name(name)
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

  private static void closeQuietly(Closeable c) {
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
