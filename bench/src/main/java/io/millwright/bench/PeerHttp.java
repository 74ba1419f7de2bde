package io.millwright.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain HTTP/1.1 to a peer on loopback, one keep-alive connection, failing on any non-2xx. */
final class PeerHttp {

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  PeerHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** POSTs the body and returns the response body once the peer has answered 2xx. */
  String post(String path, String body) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  /** GETs the path with the parameters URL-encoded. */
  String get(String path, Map<String, String> parameters) throws IOException {
    String query =
        parameters.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(base + path + "?" + query)).GET());
  }

  /** Whether the path answers 2xx now (for start-up polling). */
  boolean answers(String path) {
    try {
      get(path, Map.of());
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private String send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(
            response.request().uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for " + base);
    }
  }
}
