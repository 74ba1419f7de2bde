package io.millwright.app.config;

import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import io.millwright.core.time.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code jobs} section of the configuration file. Every problem names the file, line and
 * field, e.g. {@code jobs.erp.url}.
 *
 * <pre>
 * jobs:
 *   release: manual            # or auto: imported orders go into a machine's queue by themselves
 *   dispatch: auto             # or manual: an operator sends each job
 *   dispatchTimeout: 10s
 *   products:
 *     BRACKET-A: [press-01, press-02]
 *   groups:
 *     presses: [press-01, press-02]
 *   erp:
 *     type: rest
 *     url: https://erp.example.com/api/millwright
 *     token: "${ERP_TOKEN}"
 *     pollInterval: 30s
 * </pre>
 */
final class JobsConfigReader {

  static final String KEY = "jobs";
  static final Set<String> KEYS =
      Set.of(
          "release",
          "dispatch",
          "dispatchTimeout",
          "dispatchAttempts",
          "progressInterval",
          "products",
          "groups",
          "retention",
          "erp");
  static final Set<String> ERP_KEYS =
      Set.of(
          "type",
          "url",
          "token",
          "fields",
          "user",
          "password",
          "ordersTable",
          "confirmationsTable",
          "pollInterval",
          "webhook");
  static final Set<String> ORDER_FIELDS =
      Set.of(
          "orderNumber",
          "operation",
          "product",
          "quantity",
          "machine",
          "setpoints",
          "idealCycleSeconds",
          "plannedStart",
          "plannedEnd",
          "priority");

  private JobsConfigReader() {}

  static JobsConfig read(YamlFile yaml, Node node, Map<String, String> env) {
    FieldReader in = new FieldReader(yaml, KEY);
    in.nodes.put("", node);
    Map<String, Node> f = in.fields(node, "", KEYS);
    Optional<Boolean> autoRelease =
        f.containsKey("release") ? Optional.of(choice(in, f, "release", false)) : Optional.empty();
    boolean autoDispatch = choice(in, f, "dispatch", true);
    JobsConfig d = JobsConfig.NONE;
    Duration timeout =
        in.optional(f, "dispatchTimeout", "", Durations::parse).orElse(d.dispatchTimeout());
    if (timeout.compareTo(Duration.ofMillis(100)) < 0
        || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw in.error("dispatchTimeout", "must be from 100ms to 10m");
    }
    double attempts =
        in.optional(f, "dispatchAttempts", "", FieldReader::number)
            .orElse((double) d.dispatchAttempts());
    if (attempts < 1 || attempts > 20 || attempts != Math.rint(attempts)) {
      throw in.error("dispatchAttempts", "must be a whole number from 1 to 20");
    }
    Duration progress =
        in.optional(f, "progressInterval", "", Durations::parse).orElse(d.progressInterval());
    if (progress.compareTo(Duration.ofSeconds(1)) < 0) {
      throw in.error("progressInterval", "must be at least 1s");
    }
    Duration retention = in.optional(f, "retention", "", Durations::parse).orElse(d.retention());
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw in.error("retention", "must be at least 1d");
    }
    Map<String, List<String>> products = machineLists(yaml, in, f, "products", false);
    Map<String, List<String>> groups = machineLists(yaml, in, f, "groups", true);
    Optional<JobsConfig.Erp> erp =
        f.containsKey("erp") ? Optional.of(erp(yaml, in, f.get("erp"), env)) : Optional.empty();
    return new JobsConfig(
        autoRelease,
        autoDispatch,
        timeout,
        (int) attempts,
        progress,
        products,
        groups,
        retention,
        erp);
  }

  private static boolean choice(FieldReader in, Map<String, Node> f, String key, boolean dflt) {
    Optional<String> v = in.optionalText(f, key, "");
    if (v.isEmpty()) {
      return dflt;
    }
    return switch (v.get()) {
      case "auto" -> true;
      case "manual" -> false;
      default -> throw in.error(key, "must be auto or manual, not \"" + v.get() + "\"");
    };
  }

  /** {@code name: [machine, ...]}: machine ids are checked against the site's machines later. */
  private static Map<String, List<String>> machineLists(
      YamlFile yaml, FieldReader in, Map<String, Node> f, String key, boolean names) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!f.containsKey(key)) {
      return out;
    }
    for (Map.Entry<String, Node> e : in.anyFields(f.get(key), key).entrySet()) {
      String field = key + "." + e.getKey();
      if (names) {
        try {
          Names.requireName("group name", e.getKey());
        } catch (InvalidNameException ex) {
          throw in.error(field, ex.getMessage());
        }
      } else if (e.getKey().isBlank() || e.getKey().length() > 80) {
        throw in.error(field, "a product needs a name of 1 to 80 characters");
      }
      Node list = e.getValue();
      List<Node> items = list instanceof SequenceNode seq ? seq.getValue() : List.of(list);
      List<String> machines = new ArrayList<>();
      for (Node item : items) {
        machines.add(yaml.scalar(item, in.qualified(field)));
      }
      if (machines.isEmpty()) {
        throw in.error(field, "lists no machine");
      }
      out.put(e.getKey(), machines);
    }
    return out;
  }

  private static JobsConfig.Erp erp(
      YamlFile yaml, FieldReader in, Node node, Map<String, String> env) {
    String path = "erp";
    in.nodes.put(path, node);
    Map<String, Node> f = in.fields(node, path, ERP_KEYS);
    String type = in.text(f, "type", path);
    if (type == null || !(type.equals("rest") || type.equals("sql"))) {
      throw in.error(path + ".type", "must be rest or sql");
    }
    String url = in.text(f, "url", path);
    if (url == null || url.isBlank()) {
      throw in.error(path + ".url", "is missing");
    }
    if (type.equals("rest")) {
      try {
        URI u = new URI(url);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
          throw in.error(path + ".url", "must be an http or https URL");
        }
        if (u.getUserInfo() != null) {
          throw in.error(path + ".url", "must not hold credentials; use token: \"${ERP_TOKEN}\"");
        }
      } catch (URISyntaxException e) {
        throw in.error(path + ".url", "is not a URL: " + e.getReason());
      }
      for (String sqlOnly : List.of("user", "password", "ordersTable", "confirmationsTable")) {
        if (f.containsKey(sqlOnly)) {
          throw in.error(path + "." + sqlOnly, "is for type sql");
        }
      }
    } else {
      if (!url.startsWith("jdbc:")) {
        throw in.error(path + ".url", "must be a JDBC URL (jdbc:postgresql://…, jdbc:mariadb://…)");
      }
      if (url.contains("password=")) {
        throw in.error(
            path + ".url", "must not hold the password; use password: \"${ERP_DB_PASSWORD}\"");
      }
      for (String restOnly : List.of("token", "fields")) {
        if (f.containsKey(restOnly)) {
          throw in.error(path + "." + restOnly, "is for type rest");
        }
      }
    }
    Optional<Secret> secret =
        in.envSecret(f, type.equals("rest") ? "token" : "password", path, env);
    Map<String, String> fields = new LinkedHashMap<>();
    if (f.containsKey("fields")) {
      for (Map.Entry<String, Node> e : in.anyFields(f.get("fields"), path + ".fields").entrySet()) {
        String field = path + ".fields." + e.getKey();
        if (!ORDER_FIELDS.contains(e.getKey())) {
          throw in.error(
              field,
              "is not an order field; one of "
                  + String.join(", ", List.copyOf(new java.util.TreeSet<>(ORDER_FIELDS))));
        }
        fields.put(e.getKey(), yaml.scalar(e.getValue(), in.qualified(field)));
      }
    }
    Duration poll =
        in.optional(f, "pollInterval", path, Durations::parse).orElse(Duration.ofSeconds(30));
    if (poll.compareTo(Duration.ofMillis(100)) < 0) {
      throw in.error(path + ".pollInterval", "must be at least 100ms");
    }
    boolean webhook =
        in.optional(f, "webhook", path, JobsConfigReader::bool).orElse(type.equals("rest"));
    return new JobsConfig.Erp(
        type,
        url,
        in.optionalText(f, "user", path),
        secret,
        fields,
        in.optionalText(f, "ordersTable", path).orElse("mw_erp_orders"),
        in.optionalText(f, "confirmationsTable", path).orElse("mw_erp_confirmations"),
        poll,
        webhook);
  }

  private static boolean bool(String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false, not \"" + text + "\"");
    };
  }
}
