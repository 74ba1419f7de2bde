package io.millwright.operator.site;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import io.millwright.core.time.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Site's {@code jobs} section: checked with the rules the app's configuration loader applies to
 * the configuration file's {@code jobs:} section (the operator does not depend on the app, so they
 * are restated here, with the same limits), so a Site the jobs role would refuse at start is
 * refused here with the field; and written as that section.
 *
 * <p>What cannot be checked here: whether products and groups name machines the site has (Machines
 * come and go; the role checks it at start), whether the ERP answers, and the Secrets' values.
 */
final class JobsSection {

  static final String FIELD = "spec.jobs";

  /** The order fields an ERP's own field names can be mapped from, as the app's reader has them. */
  static final Set<String> ORDER_FIELDS =
      new TreeSet<>(
          List.of(
              "orderNumber",
              "operation",
              "product",
              "quantity",
              "machine",
              "setpoints",
              "idealCycleSeconds",
              "plannedStart",
              "plannedEnd",
              "priority"));

  /** The JDBC URLs the role has a dialect for, with one host a network policy can name. */
  private static final List<String> SQL_SCHEMES = List.of("postgresql", "mariadb", "mysql");

  private JobsSection() {}

  /**
   * @throws OeeSection.Problem naming the field below {@code spec.jobs}
   */
  static void check(SiteSpec.Jobs jobs) {
    if (jobs == null) {
      return;
    }
    choice(jobs.release, "release");
    choice(jobs.dispatch, "dispatch");
    if (jobs.dispatchTimeout != null) {
      Duration d = duration(jobs.dispatchTimeout, FIELD + ".dispatchTimeout");
      if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new OeeSection.Problem(FIELD + ".dispatchTimeout", "must be from 100ms to 10m");
      }
    }
    if (jobs.dispatchAttempts != null
        && (jobs.dispatchAttempts < 1 || jobs.dispatchAttempts > 20)) {
      throw new OeeSection.Problem(
          FIELD + ".dispatchAttempts", "must be a whole number from 1 to 20");
    }
    atLeast(jobs.progressInterval, "progressInterval", Duration.ofSeconds(1), "1s");
    atLeast(jobs.retention, "retention", Duration.ofDays(1), "1d");
    machineLists(jobs.products, "products");
    machineLists(jobs.groups, "groups");
    Set<String> variables = SecretEnvs.check(jobs.secretEnv, FIELD);
    if (jobs.erp != null) {
      erp(jobs.erp, variables);
    }
  }

  private static void choice(String value, String key) {
    if (value != null && !value.equals("auto") && !value.equals("manual")) {
      throw new OeeSection.Problem(
          FIELD + "." + key, "must be auto or manual, not \"" + value + "\"");
    }
  }

  private static void atLeast(String text, String key, Duration least, String written) {
    if (text != null && duration(text, FIELD + "." + key).compareTo(least) < 0) {
      throw new OeeSection.Problem(FIELD + "." + key, "must be at least " + written);
    }
  }

  private static Duration duration(String text, String field) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new OeeSection.Problem(field, e.getMessage());
    }
  }

  /** {@code name: [machine, ...]}; group names are names in the namespace, products free text. */
  private static void machineLists(Map<String, List<String>> lists, String key) {
    if (lists == null) {
      return;
    }
    for (Map.Entry<String, List<String>> e : new TreeMap<>(lists).entrySet()) {
      String field = FIELD + "." + key + "." + e.getKey();
      if (key.equals("groups")) {
        try {
          Names.requireName("group name", e.getKey());
        } catch (InvalidNameException ex) {
          throw new OeeSection.Problem(field, ex.getMessage());
        }
      } else if (e.getKey().isBlank() || e.getKey().length() > 80) {
        throw new OeeSection.Problem(field, "a product needs a name of 1 to 80 characters");
      }
      if (e.getValue() == null || e.getValue().isEmpty()) {
        throw new OeeSection.Problem(field, "lists no machine");
      }
      for (int i = 0; i < e.getValue().size(); i++) {
        String machine = e.getValue().get(i);
        if (machine == null || machine.isBlank()) {
          throw new OeeSection.Problem(field + "[" + i + "]", "needs a machine id");
        }
      }
    }
  }

  private static void erp(SiteSpec.Erp erp, Set<String> variables) {
    String path = FIELD + ".erp";
    if (erp.type == null || !(erp.type.equals("rest") || erp.type.equals("sql"))) {
      throw new OeeSection.Problem(path + ".type", "must be rest or sql");
    }
    if (erp.url == null || erp.url.isBlank()) {
      throw new OeeSection.Problem(path + ".url", "is missing");
    }
    boolean rest = erp.type.equals("rest");
    if (rest) {
      restUrl(erp.url, path + ".url");
      refuse(erp.user, path + ".user", "is for type sql");
      refuse(erp.password, path + ".password", "is for type sql");
      refuse(erp.ordersTable, path + ".ordersTable", "is for type sql");
      refuse(erp.confirmationsTable, path + ".confirmationsTable", "is for type sql");
    } else {
      sqlUrl(erp.url, path + ".url");
      refuse(erp.token, path + ".token", "is for type rest");
      refuse(erp.fields, path + ".fields", "is for type rest");
    }
    String secretField = rest ? "token" : "password";
    String secret = rest ? erp.token : erp.password;
    if (secret != null) {
      SecretEnvs.reference(path + "." + secretField, secret, variables, FIELD);
    }
    if (erp.fields != null) {
      for (Map.Entry<String, String> f : new TreeMap<>(erp.fields).entrySet()) {
        if (!ORDER_FIELDS.contains(f.getKey())) {
          throw new OeeSection.Problem(
              path + ".fields." + f.getKey(),
              "is not an order field; one of " + String.join(", ", ORDER_FIELDS));
        }
        if (f.getValue() == null || f.getValue().isBlank()) {
          throw new OeeSection.Problem(path + ".fields." + f.getKey(), "needs the ERP's field");
        }
      }
    }
    if (erp.pollInterval != null
        && duration(erp.pollInterval, path + ".pollInterval").compareTo(Duration.ofMillis(100))
            < 0) {
      throw new OeeSection.Problem(path + ".pollInterval", "must be at least 100ms");
    }
  }

  private static void refuse(Object value, String field, String problem) {
    if (value != null) {
      throw new OeeSection.Problem(field, problem);
    }
  }

  private static void restUrl(String url, String field) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new OeeSection.Problem(field, "is not a URL: " + e.getReason());
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new OeeSection.Problem(field, "must be an http or https URL");
    }
    if (u.getUserInfo() != null) {
      throw new OeeSection.Problem(
          field, "must not hold credentials; use token: \"${ERP_TOKEN}\" and secretEnv");
    }
    // The jobs pods' egress is opened to this host's port only.
    if (u.getHost() == null) {
      throw new OeeSection.Problem(field, "needs a host");
    }
  }

  private static void sqlUrl(String url, String field) {
    // Before the URL is echoed in a message below.
    if (url.contains("password=")) {
      throw new OeeSection.Problem(
          field, "must not hold the password; use password: \"${ERP_DB_PASSWORD}\" and secretEnv");
    }
    // jdbc:<scheme>:...; empty when the URL is not of that form.
    int end = url.startsWith("jdbc:") ? url.indexOf(':', 5) : -1;
    String scheme = end > 5 ? url.substring(5, end) : "";
    // One host: the jobs pods' network policy lets them reach that host's port only.
    if (!SQL_SCHEMES.contains(scheme) || SitePlan.host(url.substring(5)) == null) {
      throw new OeeSection.Problem(
          field,
          "write jdbc:postgresql://host:5432/database, jdbc:mariadb://host:3306/database or"
              + " jdbc:mysql://host:3306/database (one host), not "
              + url);
    }
  }

  /**
   * The URL the ERP is reached at, as a network policy's rule reads it: the JDBC URL without its
   * {@code jdbc:} prefix.
   */
  static String endpoint(SiteSpec.Erp erp) {
    return erp.type.equals("sql") ? erp.url.substring("jdbc:".length()) : erp.url;
  }

  /**
   * The configuration file's {@code jobs:} section, keys as the app's JobsConfigReader reads them;
   * {@code secretEnv} stays out (it is the pods' environment, not the file's). Maps in key order,
   * so the text (and the pods' config hash) does not depend on the API server's order.
   */
  static ObjectNode section(SiteSpec.Jobs jobs) {
    ObjectNode section = JsonNodeFactory.instance.objectNode();
    putText(section, "release", jobs.release);
    putText(section, "dispatch", jobs.dispatch);
    putText(section, "dispatchTimeout", jobs.dispatchTimeout);
    if (jobs.dispatchAttempts != null) {
      section.put("dispatchAttempts", jobs.dispatchAttempts);
    }
    putText(section, "progressInterval", jobs.progressInterval);
    putLists(section, "products", jobs.products);
    putLists(section, "groups", jobs.groups);
    putText(section, "retention", jobs.retention);
    if (jobs.erp != null) {
      SiteSpec.Erp e = jobs.erp;
      ObjectNode erp = section.putObject("erp");
      putText(erp, "type", e.type);
      putText(erp, "url", e.url);
      putText(erp, "token", e.token);
      if (e.fields != null) {
        ObjectNode fields = erp.putObject("fields");
        new TreeMap<>(e.fields).forEach(fields::put);
      }
      putText(erp, "user", e.user);
      putText(erp, "password", e.password);
      putText(erp, "ordersTable", e.ordersTable);
      putText(erp, "confirmationsTable", e.confirmationsTable);
      putText(erp, "pollInterval", e.pollInterval);
      if (e.webhook != null) {
        erp.put("webhook", e.webhook);
      }
    }
    return section;
  }

  private static void putText(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void putLists(ObjectNode node, String key, Map<String, List<String>> lists) {
    if (lists == null) {
      return;
    }
    ObjectNode out = node.putObject(key);
    new TreeMap<>(lists).forEach((name, machines) -> machines.forEach(out.putArray(name)::add));
  }
}
