package io.millwright.app.config;

import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import io.millwright.core.time.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code cloud} section. Every problem names the file, line and field, e.g. {@code
 * cloud.sites[1].token}.
 *
 * <pre>
 * cloud:
 *   sites:
 *     - id: plant-1
 *       name: Plant 1, Brescia
 *       token: "${PLANT_1_TOKEN}"
 *   store: postgresql
 *   postgresql:
 *     url: jdbc:postgresql://db:5432/millwright
 *     user: millwright
 *     password: "${CLOUD_DB_PASSWORD}"
 *   kafka:
 *     bootstrapServers: kafka-1:9093
 * </pre>
 */
final class CloudConfigReader {

  static final String KEY = "cloud";
  static final Set<String> KEYS =
      Set.of("sites", "store", "postgresql", "mqtt", "kafka", "receiptRetention");
  static final Set<String> SITE_KEYS = Set.of("id", "name", "token");
  static final Set<String> POSTGRES_KEYS = Set.of("url", "user", "password", "schema");
  static final Set<String> MQTT_KEYS =
      Set.of("url", "topic", "username", "password", "trustStore", "trustStorePassword");
  static final Set<String> KAFKA_KEYS = Set.of("bootstrapServers", "topic", "group", "properties");

  private CloudConfigReader() {}

  static CloudConfig read(YamlFile yaml, Node node, Map<String, String> env) {
    FieldReader in = new FieldReader(yaml, KEY);
    in.nodes.put("", node);
    Map<String, Node> f = in.fields(node, "", KEYS);
    List<CloudConfig.Site> sites = new ArrayList<>();
    if (f.containsKey("sites")) {
      List<Node> items = yaml.sequence(f.get("sites"), in.qualified("sites")).getValue();
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        String path = "sites[" + i + "]";
        in.nodes.put(path, items.get(i));
        Map<String, Node> s = in.fields(items.get(i), path, SITE_KEYS);
        String id = in.text(s, "id", path);
        try {
          Names.requireName("site id", id);
        } catch (InvalidNameException | NullPointerException e) {
          throw in.error(path + ".id", id == null ? "is missing" : e.getMessage());
        }
        if (!ids.add(id)) {
          throw in.error(path + ".id", "site " + id + " is registered twice");
        }
        sites.add(
            new CloudConfig.Site(
                id,
                in.optionalText(s, "name", path).orElse(id),
                in.envSecret(s, "token", path, env)));
      }
    }
    String store = in.optionalText(f, "store", "").orElse(CloudConfig.EMBEDDED);
    if (!store.equals(CloudConfig.EMBEDDED) && !store.equals(CloudConfig.POSTGRESQL)) {
      throw in.error("store", "must be embedded or postgresql, not \"" + store + "\"");
    }
    Optional<CloudConfig.Postgres> postgres = Optional.empty();
    if (f.containsKey("postgresql")) {
      String path = "postgresql";
      in.nodes.put(path, f.get(path));
      Map<String, Node> p = in.fields(f.get(path), path, POSTGRES_KEYS);
      String url = required(in, p, path, "url");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw in.error(path + ".url", "must be a jdbc:postgresql: URL");
      }
      postgres =
          Optional.of(
              new CloudConfig.Postgres(
                  url,
                  required(in, p, path, "user"),
                  in.envSecret(p, "password", path, env)
                      .orElseThrow(() -> in.error(path + ".password", "is missing")),
                  in.optionalText(p, "schema", path).orElse("millwright_cloud")));
    }
    if (store.equals(CloudConfig.POSTGRESQL) && postgres.isEmpty()) {
      throw in.error("postgresql", "is needed with store: postgresql");
    }
    Optional<CloudConfig.Mqtt> mqtt = Optional.empty();
    if (f.containsKey("mqtt")) {
      String path = "mqtt";
      in.nodes.put(path, f.get(path));
      Map<String, Node> m = in.fields(f.get(path), path, MQTT_KEYS);
      String url = required(in, m, path, "url");
      if (!url.startsWith("mqtt://") && !url.startsWith("mqtts://")) {
        throw in.error(path + ".url", "must be an mqtt:// or mqtts:// URL");
      }
      mqtt =
          Optional.of(
              new CloudConfig.Mqtt(
                  url,
                  in.optionalText(m, "topic", path).orElse("millwright"),
                  in.optionalText(m, "username", path),
                  in.envSecret(m, "password", path, env),
                  in.optionalText(m, "trustStore", path).map(Path::of),
                  in.envSecret(m, "trustStorePassword", path, env)));
    }
    Optional<CloudConfig.Kafka> kafka = Optional.empty();
    if (f.containsKey("kafka")) {
      String path = "kafka";
      in.nodes.put(path, f.get(path));
      Map<String, Node> k = in.fields(f.get(path), path, KAFKA_KEYS);
      Map<String, String> properties = new LinkedHashMap<>();
      if (k.containsKey("properties")) {
        for (Map.Entry<String, Node> e :
            in.anyFields(k.get("properties"), path + ".properties").entrySet()) {
          String field = path + ".properties." + e.getKey();
          String text = yaml.scalar(e.getValue(), in.qualified(field));
          properties.put(e.getKey(), text.contains("${") ? in.secret(field, text, env) : text);
        }
      }
      kafka =
          Optional.of(
              new CloudConfig.Kafka(
                  required(in, k, path, "bootstrapServers"),
                  in.optionalText(k, "topic", path).orElse("millwright.batches"),
                  in.optionalText(k, "group", path).orElse("millwright-cloud"),
                  properties));
    }
    Duration retention =
        in.optional(f, "receiptRetention", "", Durations::parse)
            .orElse(CloudConfig.DEFAULT_RECEIPT_RETENTION);
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw in.error("receiptRetention", "must be at least 1d: a site may replay a day's backlog");
    }
    return new CloudConfig(sites, store, postgres, mqtt, kafka, retention);
  }

  private static String required(FieldReader in, Map<String, Node> f, String path, String key) {
    String v = in.text(f, key, path);
    if (v == null || v.isBlank()) {
      throw in.error(path + "." + key, "is missing");
    }
    return v;
  }
}
