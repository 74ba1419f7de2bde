package io.millwright.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WAN link between the publisher and the cloud: a TCP relay on loopback that can be cut (every
 * open connection reset, new ones accepted and reset at once, as a dead uplink looks to a client
 * with a short timeout) and restored. The benchmark's own copy because bench may not use test code.
 */
final class LinkProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;

  LinkProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("link-accept").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Resets every connection and refuses new ones until {@link #restore()}. */
  void cut() {
    up = false;
    for (Socket s : open) {
      reset(s);
    }
  }

  void restore() {
    up = true;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      if (!up) {
        reset(client);
        continue;
      }
      try {
        Socket cloud = new Socket();
        cloud.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
        open.add(client);
        open.add(cloud);
        pump(client, cloud);
        pump(cloud, client);
      } catch (IOException refused) {
        reset(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; up && (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                }
              } catch (IOException gone) {
                // the other side or a cut closed it
              } finally {
                reset(from);
                reset(to);
              }
            });
  }

  /** Closes with SO_LINGER 0, so the peer sees a reset rather than an orderly end of stream. */
  private void reset(Socket s) {
    open.remove(s);
    try {
      s.setSoLinger(true, 0);
    } catch (IOException alreadyClosed) {
      // nothing to reset
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // closing is all that is wanted
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
  }
}
