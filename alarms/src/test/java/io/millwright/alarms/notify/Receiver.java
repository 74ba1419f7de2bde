package io.millwright.alarms.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** A real webhook receiver on loopback (the JDK's HTTP server) that records what it gets. */
final class Receiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received, and the status it was answered with (0 if it was never answered). */
  record Request(String idempotencyKey, String authorization, List<Long> seqs, int status) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile ToIntFunction<List<Long>> answer = seqs -> 200;
  private volatile Predicate<Integer> hang = index -> false;

  private Receiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    // Several threads, so a request held open does not hold up its retry.
    server.setExecutor(executor);
    server.createContext("/hook/secret-path", this::handle);
    server.start();
  }

  static Receiver start() throws IOException {
    return new Receiver(0);
  }

  static Receiver startOn(int port) throws IOException {
    return new Receiver(port);
  }

  /** The status for a request's seqs; 200 unless set. */
  Receiver answering(ToIntFunction<List<Long>> a) {
    answer = a;
    return this;
  }

  /** Requests by index (from 0) that get no answer until {@link #close()}. */
  Receiver hanging(Predicate<Integer> h) {
    hang = h;
    return this;
  }

  URI url() {
    return url(server.getAddress().getPort());
  }

  static URI url(int port) {
    return URI.create("http://127.0.0.1:" + port + "/hook/secret-path?token=also-secret");
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The seqs of every request answered with a 2xx, in arrival order. */
  List<Long> accepted() {
    List<Long> out = new ArrayList<>();
    for (Request r : requests) {
      if (r.status() / 100 == 2) {
        out.addAll(r.seqs());
      }
    }
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      List<Long> seqs = new ArrayList<>();
      for (JsonNode e : JSON.readTree(body).get("events")) {
        seqs.add(e.get("seq").asLong());
      }
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      int index;
      synchronized (this) {
        index = requests.size();
        requests.add(new Request(key, auth, seqs, 0));
      }
      if (hang.test(index)) {
        release.await();
        return;
      }
      int status = answer.applyAsInt(seqs);
      requests.set(index, new Request(key, auth, seqs, status));
      exchange.sendResponseHeaders(status, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
