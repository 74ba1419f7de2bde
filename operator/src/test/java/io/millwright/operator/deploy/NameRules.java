package io.millwright.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API server's checks of names and labels, which no OpenAPI schema expresses: object names
 * (DNS-1123 subdomains; DNS-1035 labels for Services), label keys and values, and the names of
 * containers, ports and volumes in pod templates.
 */
final class NameRules {

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private NameRules() {}

  static List<String> violations(List<JsonNode> objects) {
    List<String> out = new ArrayList<>();
    for (JsonNode o : objects) {
      String what = Manifests.describe(o);
      String name = o.path("metadata").path("name").asText();
      if (o.path("kind").asText().equals("Service")) {
        check(out, what + ": Service name", name, DNS1035_LABEL, 63);
      } else {
        check(out, what + ": name", name, DNS1123_SUBDOMAIN, 253);
      }
      labels(out, what, o.path("metadata").path("labels"));
      for (RestrictedPodRules.PodTemplate t : RestrictedPodRules.podTemplates(List.of(o))) {
        labels(out, what + " pod template", t.labels());
        for (String field : List.of("initContainers", "containers")) {
          for (JsonNode c : t.spec().path(field)) {
            check(out, what + ": container name", c.path("name").asText(), DNS1123_LABEL, 63);
            for (JsonNode p : c.path("ports")) {
              if (p.has("name")) {
                String port = p.path("name").asText();
                check(out, what + ": port name", port, PORT_NAME, 15);
                if (!port.matches(".*[a-z].*") || port.contains("--")) {
                  out.add(what + ": port name " + port + " needs a letter and no '--'");
                }
              }
            }
          }
        }
        for (JsonNode v : t.spec().path("volumes")) {
          check(out, what + ": volume name", v.path("name").asText(), DNS1123_LABEL, 63);
        }
      }
    }
    return out;
  }

  private static void labels(List<String> out, String what, JsonNode labels) {
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      if (slash >= 0) {
        check(out, what + ": label prefix", key.substring(0, slash), DNS1123_SUBDOMAIN, 253);
      }
      check(out, what + ": label key", key.substring(slash + 1), LABEL_NAME, 63);
      String value = e.getValue().asText();
      if (!value.isEmpty()) {
        check(out, what + ": label " + key + " value", value, LABEL_NAME, 63);
      }
    }
  }

  private static void check(
      List<String> out, String what, String value, Pattern pattern, int maxLength) {
    if (value.length() > maxLength || !pattern.matcher(value).matches()) {
      out.add(
          what + " \"" + value + "\" is not valid (" + pattern + ", at most " + maxLength + ")");
    }
  }
}
