package io.millwright.app.config;

import io.millwright.core.time.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code publisher} section. Every problem names the file, line and field, e.g. {@code
 * publisher.url}.
 *
 * <pre>
 * publisher:
 *   transport: https             # or mqtt, kafka
 *   url: https://cloud.example.com
 *   token: "${CLOUD_TOKEN}"
 *   drainRate: 20000             # backlog readings per second beside live data; 0: no limit
 *   diskBudget: 2GiB
 * </pre>
 */
final class PublisherConfigReader {

  static final String KEY = "publisher";
  static final Set<String> KEYS =
      Set.of(
          "transport",
          "url",
          "token",
          "topic",
          "username",
          "password",
          "trustStore",
          "trustStorePassword",
          "keyStore",
          "keyStorePassword",
          "kafka",
          "batchInterval",
          "drainRate",
          "diskBudget",
          "warnAt",
          "timeout");

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB)?");

  private PublisherConfigReader() {}

  static PublisherConfig read(YamlFile yaml, Node node, Map<String, String> env) {
    FieldReader in = new FieldReader(yaml, KEY);
    in.nodes.put("", node);
    Map<String, Node> f = in.fields(node, "", KEYS);
    String transport = in.text(f, "transport", "");
    if (transport == null
        || !List.of(PublisherConfig.HTTPS, PublisherConfig.MQTT, PublisherConfig.KAFKA)
            .contains(transport)) {
      throw in.error("transport", "must be https, mqtt or kafka");
    }
    String url = in.text(f, "url", "");
    if (url == null || url.isBlank()) {
      throw in.error("url", "is missing: where the cloud is");
    }
    checkUrl(in, transport, url);
    only(in, f, transport, PublisherConfig.HTTPS, "token");
    only(in, f, transport, PublisherConfig.MQTT, "username", "password", "keyStore");
    only(in, f, transport, PublisherConfig.KAFKA, "kafka");
    if (f.containsKey("topic") && transport.equals(PublisherConfig.HTTPS)) {
      throw in.error("topic", "is for transport mqtt or kafka");
    }
    Optional<Secret> token = in.envSecret(f, "token", "", env);
    Optional<Secret> password = in.envSecret(f, "password", "", env);
    Optional<Secret> trustStorePassword = in.envSecret(f, "trustStorePassword", "", env);
    Optional<Secret> keyStorePassword = in.envSecret(f, "keyStorePassword", "", env);
    Map<String, String> kafka = new LinkedHashMap<>();
    if (f.containsKey("kafka")) {
      for (Map.Entry<String, Node> e : in.anyFields(f.get("kafka"), "kafka").entrySet()) {
        String field = "kafka." + e.getKey();
        String text = yaml.scalar(e.getValue(), in.qualified(field));
        // Passwords in JAAS configs and key stores: written ${NAME}, like every secret.
        kafka.put(e.getKey(), text.contains("${") ? in.secret(field, text, env) : text);
      }
    }
    Duration batchInterval =
        in.optional(f, "batchInterval", "", Durations::parse)
            .orElse(PublisherConfig.DEFAULT_BATCH_INTERVAL);
    if (batchInterval.compareTo(Duration.ofMillis(100)) < 0
        || batchInterval.compareTo(PublisherConfig.MAX_BATCH_INTERVAL) > 0) {
      // Longer, and a killed publisher could lose more than the edge nodes resend (5 s).
      throw in.error("batchInterval", "must be from 100ms to 3s");
    }
    double drain =
        in.optional(f, "drainRate", "", FieldReader::number)
            .orElse((double) PublisherConfig.DEFAULT_DRAIN_RATE);
    if (drain < 0 || drain != Math.rint(drain) || drain > 100_000_000) {
      throw in.error("drainRate", "must be a whole number of readings per second, 0 for no limit");
    }
    long budget =
        in.optional(f, "diskBudget", "", PublisherConfigReader::size)
            .orElse(PublisherConfig.DEFAULT_DISK_BUDGET);
    if (budget < 16L * 1024 * 1024) {
      throw in.error("diskBudget", "must be at least 16MiB");
    }
    double warnAt =
        in.optional(f, "warnAt", "", PublisherConfigReader::fraction)
            .orElse(PublisherConfig.DEFAULT_WARN_AT);
    Duration timeout =
        in.optional(f, "timeout", "", Durations::parse).orElse(PublisherConfig.DEFAULT_TIMEOUT);
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0
        || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw in.error("timeout", "must be from 1s to 5m");
    }
    return new PublisherConfig(
        transport,
        url,
        token,
        in.optionalText(f, "topic", ""),
        in.optionalText(f, "username", ""),
        password,
        in.optionalText(f, "trustStore", "").map(Path::of),
        trustStorePassword,
        in.optionalText(f, "keyStore", "").map(Path::of),
        keyStorePassword,
        kafka,
        batchInterval,
        (long) drain,
        budget,
        warnAt,
        timeout);
  }

  private static void checkUrl(FieldReader in, String transport, String url) {
    if (transport.equals(PublisherConfig.KAFKA)) {
      for (String server : url.split(",")) {
        if (!server.strip().matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
          throw in.error("url", "must list Kafka's bootstrap servers as host:port,host:port");
        }
      }
      return;
    }
    try {
      URI u = new URI(url);
      List<String> schemes =
          transport.equals(PublisherConfig.HTTPS)
              ? List.of("https", "http")
              : List.of("mqtts", "mqtt");
      if (u.getScheme() == null || !schemes.contains(u.getScheme()) || u.getHost() == null) {
        throw in.error("url", "must be a " + String.join(" or ", schemes) + " URL with a host");
      }
      if (u.getUserInfo() != null) {
        throw in.error("url", "must not hold credentials; give them as token or password");
      }
    } catch (URISyntaxException e) {
      throw in.error("url", "is not a URL: " + e.getReason());
    }
  }

  private static void only(
      FieldReader in, Map<String, Node> f, String transport, String owner, String... keys) {
    for (String key : keys) {
      if (f.containsKey(key) && !transport.equals(owner)) {
        throw in.error(key, "is for transport " + owner);
      }
    }
  }

  /** {@code 512MiB}, {@code 2GiB}, or bytes. */
  static long size(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a size such as 512MiB or 2GiB, not \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2) == null ? "B" : m.group(2)) {
          case "KiB" -> 10;
          case "MiB" -> 20;
          case "GiB" -> 30;
          case "TiB" -> 40;
          default -> 0;
        };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("is too large");
    }
    return n << shift;
  }

  /** {@code 80%} or {@code 0.8}: strictly between 0 and 1. */
  static double fraction(String text) {
    String t = text.strip();
    double v;
    try {
      v =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
              : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "must be a share such as 80% or 0.8, not \"" + text + "\"");
    }
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException("must be more than 0% and less than 100%");
    }
    return v;
  }
}
