package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One tag's raw samples from a historian's REST API between two instants, every page of them, in
 * the order the historian returns them (so a doubled or misordered sample stays visible).
 */
final class SiteHistory {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 10_000;

  /** One stored sample as the API shows it: the value as JSON text, so any type compares. */
  record Sample(Instant timestamp, String value, String quality) {}

  private SiteHistory() {}

  static JsonNode json(MillwrightProcess binary, String path)
      throws IOException, InterruptedException {
    var response = binary.get(path);
    if (response.statusCode() != 200) {
      throw new IOException(path + " -> " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The tags under a filter whose path contains one of the words, e.g. "/press-01/". */
  static List<String> tags(MillwrightProcess binary, String filter, List<String> words)
      throws IOException, InterruptedException {
    List<String> out = new ArrayList<>();
    for (JsonNode t : json(binary, "/api/v1/history/tags?limit=10000&filter=" + enc(filter))) {
      String tag = t.asText();
      if (words.stream().anyMatch(tag::contains)) {
        out.add(tag);
      }
    }
    return out;
  }

  static List<Sample> raw(MillwrightProcess binary, String tag, Instant from, Instant to)
      throws IOException, InterruptedException {
    List<Sample> out = new ArrayList<>();
    String next = from.toString();
    while (next != null) {
      JsonNode page =
          json(
              binary,
              "/api/v1/history?tag="
                  + enc(tag)
                  + "&from="
                  + enc(next)
                  + "&to="
                  + enc(to.toString())
                  + "&limit="
                  + PAGE);
      for (JsonNode s : page.get("samples")) {
        out.add(
            new Sample(
                Instant.parse(s.get("timestamp").asText()),
                s.get("value").toString(),
                s.get("quality").asText()));
      }
      JsonNode n = page.get("next");
      next = n == null || n.isNull() ? null : n.asText();
    }
    return out;
  }

  /** The newest sample time of any of the site's tags: live data shows here first. */
  static Instant newest(MillwrightProcess binary) throws IOException, InterruptedException {
    Instant newest = Instant.EPOCH;
    for (JsonNode s :
        json(binary, "/api/v1/history/latest?limit=100000&tags=" + enc("acme/plant-1/#"))) {
      Instant t = Instant.parse(s.get("timestamp").asText());
      newest = t.isAfter(newest) ? t : newest;
    }
    return newest;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
