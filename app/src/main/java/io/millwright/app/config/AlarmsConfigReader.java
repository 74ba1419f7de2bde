package io.millwright.app.config;

import io.millwright.alarms.engine.Transition;
import io.millwright.alarms.notify.ChannelFilter;
import io.millwright.alarms.notify.EmailConfig;
import io.millwright.alarms.notify.WebhookConfig;
import io.millwright.core.alarm.AlarmPattern;
import io.millwright.core.alarm.AlarmPriority;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import io.millwright.core.time.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code alarms} section of the configuration file. Every problem names the file, line
 * and field, e.g. {@code alarms.definitions[2].highHigh}.
 *
 * <pre>
 * alarms:
 *   definitions:
 *     - { machines: "*", commsLost: true, onDelay: 10s, priority: high }
 *     - { machines: "cnc-*", tags: "spindle/bearing-temperature", high: 75, highHigh: 85 }
 *   operators: { machining: 2 }
 *   retention: 400d
 *   notifications:
 *     webhooks:
 *       - { name: maintenance, url: "https://hooks.example.com/alarms", minPriority: high,
 *           headers: { Authorization: "Bearer ${WEBHOOK_TOKEN}" } }
 *     email: { host: smtp.example.com, user: alarms, password: "${SMTP_PASSWORD}",
 *              from: alarms@example.com, to: [maintenance@example.com], minPriority: high }
 * </pre>
 */
final class AlarmsConfigReader {

  static final String KEY = "alarms";
  static final Set<String> KEYS = Set.of("definitions", "operators", "retention", "notifications");
  static final Set<String> NOTIFICATION_KEYS = Set.of("webhooks", "email");
  static final Set<String> FILTER_KEYS = Set.of("minPriority", "areas", "transitions");
  static final Set<String> WEBHOOK_KEYS =
      with(FILTER_KEYS, "name", "url", "headers", "timeout", "batch");
  static final Set<String> EMAIL_KEYS =
      with(
          FILTER_KEYS,
          "name",
          "host",
          "port",
          "security",
          "user",
          "password",
          "from",
          "to",
          "every",
          "timeout");

  private AlarmsConfigReader() {}

  /**
   * @param env the process environment, for {@code ${NAME}} in header values and the password
   */
  static AlarmsConfig read(YamlFile yaml, Node node, Map<String, String> env) {
    FieldReader in = new FieldReader(yaml, KEY);
    in.nodes.put("", node);
    Map<String, Node> f = in.fields(node, "", KEYS);
    List<AlarmPattern> patterns = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    if (f.containsKey("definitions")) {
      List<Node> items = yaml.sequence(f.get("definitions"), KEY + ".definitions").getValue();
      for (int i = 0; i < items.size(); i++) {
        patterns.add(AlarmReader.pattern(yaml, items.get(i), KEY + ".definitions[" + i + "]"));
        sources.add(yaml.where(items.get(i)));
      }
    }
    Map<String, Integer> operators = new LinkedHashMap<>();
    if (f.containsKey("operators")) {
      for (Map.Entry<String, Node> e : in.anyFields(f.get("operators"), "operators").entrySet()) {
        String field = "operators." + e.getKey();
        try {
          Names.requireName("area name", e.getKey());
        } catch (InvalidNameException ex) {
          throw in.error(field, ex.getMessage());
        }
        double n;
        try {
          n = FieldReader.number(yaml.scalar(e.getValue(), in.qualified(field)));
        } catch (IllegalArgumentException ex) {
          throw in.error(field, ex.getMessage());
        }
        if (n < 1 || n > 1000 || n != Math.rint(n)) {
          throw in.error(field, "must be a whole number of operators from 1 to 1000");
        }
        operators.put(e.getKey(), (int) n);
      }
    }
    Duration retention =
        in.optional(f, "retention", "", Durations::parse).orElse(AlarmsConfig.DEFAULT_RETENTION);
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw in.error("retention", "must be at least 1d");
    }
    List<WebhookConfig> webhooks = new ArrayList<>();
    Optional<EmailConfig> email = Optional.empty();
    if (f.containsKey("notifications")) {
      Map<String, Node> n = in.fields(f.get("notifications"), "notifications", NOTIFICATION_KEYS);
      if (n.containsKey("webhooks")) {
        List<Node> items =
            yaml.sequence(n.get("webhooks"), KEY + ".notifications.webhooks").getValue();
        for (int i = 0; i < items.size(); i++) {
          webhooks.add(webhook(yaml, items.get(i), i, env));
        }
      }
      if (n.containsKey("email")) {
        email = Optional.of(email(yaml, n.get("email"), env));
      }
      // Each channel keeps its place in the journal under its name: two of one name would share it.
      Set<String> names = new HashSet<>();
      for (int i = 0; i < webhooks.size(); i++) {
        if (!names.add(webhooks.get(i).name())) {
          throw in.error(
              "notifications.webhooks[" + i + "].name",
              "\"" + webhooks.get(i).name() + "\" is the name of another channel");
        }
      }
      if (email.isPresent() && !names.add(email.get().name())) {
        throw in.error(
            "notifications.email",
            "its name \"" + email.get().name() + "\" is the name of a webhook; give it another");
      }
    }
    return new AlarmsConfig(patterns, sources, operators, retention, webhooks, email);
  }

  private static WebhookConfig webhook(YamlFile yaml, Node node, int i, Map<String, String> env) {
    String path = "notifications.webhooks[" + i + "]";
    FieldReader in = new FieldReader(yaml, KEY);
    in.nodes.put(path, node);
    Map<String, Node> f = in.fields(node, path, WEBHOOK_KEYS);
    Map<String, String> headers = new LinkedHashMap<>();
    if (f.containsKey("headers")) {
      for (Map.Entry<String, Node> h :
          in.anyFields(f.get("headers"), path + ".headers").entrySet()) {
        String field = path + ".headers." + h.getKey();
        headers.put(
            h.getKey(), in.secret(field, yaml.scalar(h.getValue(), in.qualified(field)), env));
      }
    }
    URI url;
    try {
      url = new URI(in.text(f, "url", path) == null ? "" : in.text(f, "url", path));
    } catch (URISyntaxException e) {
      throw in.error(path + ".url", "is not a URL: " + e.getReason());
    }
    try {
      return new WebhookConfig(
          in.text(f, "name", path),
          url,
          headers,
          in.optional(f, "timeout", path, Durations::parse).orElse(null),
          filter(yaml, in, f, path),
          (int)
              in.optional(f, "batch", path, FieldReader::number)
                  .orElse((double) WebhookConfig.DEFAULT_BATCH)
                  .doubleValue());
    } catch (DefinitionException e) {
      throw in.error(path + "." + e.field(), e.problem());
    }
  }

  private static EmailConfig email(YamlFile yaml, Node node, Map<String, String> env) {
    String path = "notifications.email";
    FieldReader in = new FieldReader(yaml, KEY);
    in.nodes.put(path, node);
    Map<String, Node> f = in.fields(node, path, EMAIL_KEYS);
    List<String> to = new ArrayList<>();
    if (f.containsKey("to")) {
      Node list = f.get("to");
      List<Node> items = list instanceof SequenceNode seq ? seq.getValue() : List.of(list);
      for (Node item : items) {
        to.add(yaml.scalar(item, in.qualified(path + ".to")));
      }
    }
    String password =
        in.optionalText(f, "password", path)
            .map(p -> in.secret(path + ".password", p, env))
            .orElse(null);
    try {
      return new EmailConfig(
          in.optionalText(f, "name", path).orElse("email"),
          site(env),
          in.text(f, "host", path),
          (int) in.optional(f, "port", path, FieldReader::number).orElse(0.0).doubleValue(),
          in.optional(f, "security", path, EmailConfig.Security::parse).orElse(null),
          in.text(f, "user", path),
          password,
          in.text(f, "from", path),
          to,
          in.optional(f, "every", path, Durations::parse).orElse(null),
          in.optional(f, "timeout", path, Durations::parse).orElse(null),
          filter(yaml, in, f, path));
    } catch (DefinitionException e) {
      throw in.error(path + "." + e.field(), e.problem());
    }
  }

  /**
   * The site's name for mail subjects while reading, before the site setting is resolved; the role
   * puts the configured one in ({@link AlarmsConfig#channels(String)}).
   */
  private static String site(Map<String, String> env) {
    String s = env.get(Settings.SITE.env());
    return s == null || s.isBlank() ? Settings.SITE.defaultText() : s;
  }

  private static ChannelFilter filter(
      YamlFile yaml, FieldReader in, Map<String, Node> f, String path) {
    AlarmPriority minimum;
    try {
      minimum = in.optional(f, "minPriority", path, AlarmPriority::parse).orElse(AlarmPriority.LOW);
    } catch (DefinitionException e) {
      throw in.error(path + ".minPriority", e.problem());
    }
    Set<String> areas = new LinkedHashSet<>();
    Set<Transition> transitions = new LinkedHashSet<>();
    if (f.containsKey("areas")) {
      for (Node item : items(f.get("areas"))) {
        areas.add(yaml.scalar(item, in.qualified(path + ".areas")));
      }
    }
    if (f.containsKey("transitions")) {
      for (Node item : items(f.get("transitions"))) {
        String text = yaml.scalar(item, in.qualified(path + ".transitions"));
        try {
          transitions.add(Transition.parse(text));
        } catch (IllegalArgumentException e) {
          throw in.error(path + ".transitions", e.getMessage());
        }
      }
    }
    try {
      return new ChannelFilter(minimum, areas, transitions);
    } catch (IllegalArgumentException e) {
      throw in.error(path, e.getMessage());
    }
  }

  private static List<Node> items(Node node) {
    return node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
  }

  /** Replaces every {@code ${NAME}} with the environment variable's value. */
  private static Set<String> with(Set<String> base, String... more) {
    Set<String> out = new LinkedHashSet<>(base);
    out.addAll(List.of(more));
    return Set.copyOf(out);
  }
}
