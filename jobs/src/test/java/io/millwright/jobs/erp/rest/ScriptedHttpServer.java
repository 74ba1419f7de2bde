package io.millwright.jobs.erp.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on a free local port that answers what a test queues, in order, and records
 * what it was asked: the ERP side of the adapter's tests.
 */
final class ScriptedHttpServer implements AutoCloseable {

  record Request(
      String method, URI uri, String authorization, String idempotencyKey, String body) {}

  /**
   * One answer; {@code delayMillis} before the headers, or {@code stallMillis} after half the body,
   * lets a test make the adapter time out.
   */
  record Answer(int status, String body, long delayMillis, long stallMillis) {
    static Answer of(int status, String body) {
      return new Answer(status, body, 0, 0);
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicReference<Answer> fallback =
      new AtomicReference<>(Answer.of(500, "{\"title\":\"no answer queued\"}"));

  ScriptedHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
  }

  void answer(int status, String body) {
    answers.add(Answer.of(status, body));
  }

  void answer(Answer a) {
    answers.add(a);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              x.getRequestMethod(),
              x.getRequestURI(),
              x.getRequestHeaders().getFirst("Authorization"),
              x.getRequestHeaders().getFirst("Idempotency-Key"),
              body));
      Answer a = answers.poll();
      if (a == null) {
        a = fallback.get();
      }
      if (!pause(a.delayMillis())) {
        return;
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "application/json");
      if (bytes.length == 0) {
        x.sendResponseHeaders(a.status(), -1);
      } else {
        x.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = x.getResponseBody()) {
          out.write(bytes, 0, bytes.length / 2);
          out.flush();
          if (!pause(a.stallMillis())) {
            return;
          }
          out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        }
      }
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
