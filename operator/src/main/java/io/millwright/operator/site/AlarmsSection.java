package io.millwright.operator.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.millwright.operator.machine.AlarmDefinitions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Site's {@code alarms} section: checked by building what the {@code alarms} role builds from
 * it (the core's alarm patterns, the role's webhook and e-mail channel configurations), so a Site
 * the role would refuse at start is refused here with the field; and written as the configuration
 * file's {@code alarms:} section, in the shape the app's configuration loader reads.
 *
 * <p>What cannot be checked here: whether a pattern matches any machine's tags (Machines come and
 * go; the role checks it at start), and the Secrets' values (the operator never reads Secrets).
 */
final class AlarmsSection {

  static final String FIELD = "spec.alarms";

  /**
   * Spec classes to YAML trees with the keys they are declared with: they are the file's keys.
   * Unsorted: the order is the classes' own, stable from one render to the next.
   */
  private static final ObjectMapper TREES = JsonMapper.builder().build();

  private AlarmsSection() {}

  /**
   * @param site the site's name, as the e-mail channel shows it
   * @throws OeeSection.Problem naming the field below {@code spec.alarms}
   */
  static void check(SiteSpec.Alarms alarms, String site) {
    if (alarms == null) {
      return;
    }
    List<SiteSpec.AlarmPattern> patterns =
        alarms.definitions == null ? List.of() : alarms.definitions;
    for (int i = 0; i < patterns.size(); i++) {
      String path = FIELD + ".definitions[" + i + "]";
      SiteSpec.AlarmPattern p = patterns.get(i);
      if (p == null) {
        throw new OeeSection.Problem(path, "is missing");
      }
      try {
        new AlarmPattern(
            p.machines,
            Optional.ofNullable(p.inArea),
            Optional.ofNullable(p.tags),
            AlarmDefinitions.definition(p));
      } catch (DefinitionException e) {
        throw new OeeSection.Problem(path + "." + e.field(), e.problem());
      }
    }
    if (alarms.operators != null) {
      for (Map.Entry<String, Integer> e : alarms.operators.entrySet()) {
        String field = FIELD + ".operators." + e.getKey();
        try {
          Names.requireName("area name", e.getKey());
        } catch (InvalidNameException ex) {
          throw new OeeSection.Problem(field, ex.getMessage());
        }
        if (e.getValue() == null || e.getValue() < 1 || e.getValue() > 1000) {
          throw new OeeSection.Problem(field, "must be a whole number of operators from 1 to 1000");
        }
      }
    }
    if (alarms.retention != null) {
      Duration retention = value(alarms.retention, FIELD + ".retention", Durations::parse);
      if (retention.compareTo(Duration.ofDays(1)) < 0) {
        throw new OeeSection.Problem(FIELD + ".retention", "must be at least 1d");
      }
    }
    Set<String> variables = SecretEnvs.check(alarms.secretEnv, FIELD);
    if (alarms.notifications != null) {
      notifications(alarms.notifications, site, variables);
    }
  }

  private static void notifications(SiteSpec.Notifications n, String site, Set<String> variables) {
    Map<String, String> channels = new LinkedHashMap<>();
    List<SiteSpec.Webhook> webhooks = n.webhooks == null ? List.of() : n.webhooks;
    for (int i = 0; i < webhooks.size(); i++) {
      String path = FIELD + ".notifications.webhooks[" + i + "]";
      WebhookConfig w = webhook(webhooks.get(i), path, variables);
      String other = channels.putIfAbsent(w.name(), path);
      if (other != null) {
        throw new OeeSection.Problem(
            path + ".name", "\"" + w.name() + "\" is already the name of " + other);
      }
    }
    if (n.email != null) {
      String path = FIELD + ".notifications.email";
      EmailConfig e = email(n.email, path, site, variables);
      String other = channels.putIfAbsent(e.name(), path);
      if (other != null) {
        throw new OeeSection.Problem(
            path + ".name", "\"" + e.name() + "\" is already the name of " + other);
      }
    }
  }

  private static WebhookConfig webhook(SiteSpec.Webhook w, String path, Set<String> variables) {
    if (w == null) {
      throw new OeeSection.Problem(path, "is missing");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (w.headers != null) {
      for (Map.Entry<String, String> h : w.headers.entrySet()) {
        secret(path + ".headers." + h.getKey(), h.getValue(), variables);
        headers.put(h.getKey(), h.getValue());
      }
    }
    URI url;
    try {
      url = new URI(w.url == null ? "" : w.url);
    } catch (URISyntaxException e) {
      throw new OeeSection.Problem(path + ".url", "is not a URL: " + e.getReason());
    }
    try {
      return new WebhookConfig(
          w.name,
          url,
          headers,
          value(w.timeout, path + ".timeout", Durations::parse),
          filter(w, path),
          w.batch == null ? WebhookConfig.DEFAULT_BATCH : w.batch);
    } catch (DefinitionException e) {
      throw new OeeSection.Problem(path + "." + e.field(), e.problem());
    }
  }

  private static EmailConfig email(
      SiteSpec.Email e, String path, String site, Set<String> variables) {
    if (e.password != null) {
      secret(path + ".password", e.password, variables);
    }
    try {
      return new EmailConfig(
          e.name == null ? "email" : e.name,
          site,
          e.host,
          e.port == null ? 0 : e.port,
          value(e.security, path + ".security", EmailConfig.Security::parse),
          e.user,
          e.password,
          e.from,
          e.to,
          value(e.every, path + ".every", Durations::parse),
          value(e.timeout, path + ".timeout", Durations::parse),
          filter(e, path));
    } catch (DefinitionException ex) {
      throw new OeeSection.Problem(path + "." + ex.field(), ex.problem());
    }
  }

  private static ChannelFilter filter(SiteSpec.ChannelFilter f, String path) {
    AlarmPriority minimum =
        f.minPriority == null
            ? AlarmPriority.LOW
            : value(f.minPriority, path + ".minPriority", AlarmPriority::parse);
    Set<Transition> transitions = new LinkedHashSet<>();
    if (f.transitions != null) {
      for (int i = 0; i < f.transitions.size(); i++) {
        transitions.add(
            value(f.transitions.get(i), path + ".transitions[" + i + "]", Transition::parse));
      }
    }
    try {
      return new ChannelFilter(
          minimum, f.areas == null ? Set.of() : new LinkedHashSet<>(f.areas), transitions);
    } catch (IllegalArgumentException e) {
      throw new OeeSection.Problem(path, e.getMessage());
    }
  }

  private static void secret(String field, String text, Set<String> variables) {
    SecretEnvs.reference(field, text, variables, FIELD);
  }

  /** Null stays null (the domain's default applies); text the parser refuses names the field. */
  private static <T> T value(String text, String field, Function<String, T> parser) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (DefinitionException e) {
      throw new OeeSection.Problem(field, e.problem());
    } catch (IllegalArgumentException e) {
      throw new OeeSection.Problem(field, e.getMessage());
    }
  }

  /**
   * The configuration file's {@code alarms:} section, keys as the machines file and the app's
   * AlarmsConfigReader write them; {@code secretEnv} stays out (it is the pods' environment, not
   * the file's). Maps in key order, so the text (and the pods' config hash) does not depend on the
   * API server's order.
   */
  static ObjectNode section(SiteSpec.Alarms alarms) {
    ObjectNode section = JsonNodeFactory.instance.objectNode();
    if (alarms.definitions != null) {
      ArrayNode definitions = section.putArray("definitions");
      alarms.definitions.forEach(d -> definitions.add(TREES.valueToTree(d)));
    }
    if (alarms.operators != null) {
      ObjectNode operators = section.putObject("operators");
      new TreeMap<>(alarms.operators).forEach(operators::put);
    }
    if (alarms.retention != null) {
      section.put("retention", alarms.retention);
    }
    if (alarms.notifications != null) {
      ObjectNode notifications = section.putObject("notifications");
      if (alarms.notifications.webhooks != null) {
        ArrayNode webhooks = notifications.putArray("webhooks");
        for (SiteSpec.Webhook w : alarms.notifications.webhooks) {
          ObjectNode node = TREES.valueToTree(w);
          if (w.headers != null) {
            ObjectNode headers = node.putObject("headers");
            new TreeMap<>(w.headers).forEach(headers::put);
          }
          webhooks.add(node);
        }
      }
      if (alarms.notifications.email != null) {
        notifications.set("email", TREES.valueToTree(alarms.notifications.email));
      }
    }
    return section;
  }
}
