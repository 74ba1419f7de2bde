package io.millwright.operator.site;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.Crds;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The site's network: everything denied, then the few flows Millwright needs allowed by name. A
 * connector pod may reach only its machines' endpoints; only the site's pods reach the broker.
 */
final class NetworkPolicies {

  private NetworkPolicies() {}

  static List<HasMetadata> desired(SitePlan plan) {
    List<HasMetadata> out = new ArrayList<>();
    LabelSelector sitePods = sitePods(plan);
    out.add(
        new NetworkPolicyBuilder()
            .withMetadata(SiteResources.meta(plan, plan.name() + "-default-deny", "site"))
            .withNewSpec()
            .withPodSelector(sitePods)
            .withPolicyTypes("Ingress", "Egress")
            .endSpec()
            .build());
    // Name resolution for the Services and external hosts below.
    out.add(
        new NetworkPolicyBuilder()
            .withMetadata(SiteResources.meta(plan, plan.name() + "-allow-dns", "site"))
            .withNewSpec()
            .withPodSelector(sitePods)
            .withPolicyTypes("Egress")
            .addToEgress(
                new NetworkPolicyEgressRuleBuilder()
                    .withPorts(port("UDP", 53), port("TCP", 53))
                    .build())
            .endSpec()
            .build());
    // HTTP: the web app and API (authenticated), health for the kubelet and the operator's status
    // scrape, metrics for Prometheus.
    out.add(
        new NetworkPolicyBuilder()
            .withMetadata(SiteResources.meta(plan, plan.name() + "-allow-http", "site"))
            .withNewSpec()
            .withPodSelector(sitePods)
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .withPorts(port("TCP", PodTemplates.HTTP_PORT))
            .endIngress()
            .endSpec()
            .build());
    if (plan.embeddedBroker()) {
      LabelSelector broker =
          new LabelSelectorBuilder()
              .withMatchLabels(
                  SiteResources.selector(
                      plan, plan.mode() == SitePlan.Mode.SINGLE ? "site" : "broker"))
              .build();
      out.add(
          new NetworkPolicyBuilder()
              .withMetadata(SiteResources.meta(plan, plan.name() + "-allow-mqtt", "broker"))
              .withNewSpec()
              .withPodSelector(sitePods)
              .withPolicyTypes("Ingress", "Egress")
              .addNewIngress()
              .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(sitePods).build())
              .withPorts(mqttPorts())
              .endIngress()
              .addNewEgress()
              .withTo(new NetworkPolicyPeerBuilder().withPodSelector(broker).build())
              .withPorts(mqttPorts())
              .endEgress()
              .endSpec()
              .build());
    } else {
      out.add(
          egress(
              plan,
              plan.name() + "-allow-broker",
              sitePods,
              List.of(rule(plan.spec().broker.url, 1883))));
    }
    if (!plan.embeddedHistorian()) {
      String url = plan.spec().historian.url.substring("jdbc:".length());
      LabelSelector historian =
          new LabelSelectorBuilder()
              .withMatchLabels(
                  SiteResources.selector(
                      plan, plan.mode() == SitePlan.Mode.SINGLE ? "site" : "historian"))
              .build();
      out.add(egress(plan, plan.name() + "-allow-postgresql", historian, List.of(rule(url, 5432))));
    }
    List<NetworkPolicyEgressRule> notifications = notifications(plan);
    if (!notifications.isEmpty()) {
      LabelSelector alarms =
          new LabelSelectorBuilder()
              .withMatchLabels(
                  SiteResources.selector(
                      plan, plan.mode() == SitePlan.Mode.SINGLE ? "site" : "alarms"))
              .build();
      out.add(egress(plan, plan.name() + "-allow-notifications", alarms, notifications));
    }
    NetworkPolicyEgressRule erp = erp(plan);
    if (erp != null) {
      LabelSelector jobs =
          new LabelSelectorBuilder()
              .withMatchLabels(
                  SiteResources.selector(
                      plan, plan.mode() == SitePlan.Mode.SINGLE ? "site" : "jobs"))
              .build();
      out.add(egress(plan, plan.name() + "-allow-erp", jobs, List.of(erp)));
    }
    for (ConnectorShard shard : plan.shards()) {
      List<NetworkPolicyEgressRule> rules = new ArrayList<>();
      for (String endpoint :
          new TreeSet<>(shard.definitions().stream().map(MachineDefinition::endpoint).toList())) {
        NetworkPolicyEgressRule r = rule(endpoint, -1);
        if (r != null) {
          rules.add(r);
        }
      }
      if (!rules.isEmpty()) {
        LabelSelector pods =
            new LabelSelectorBuilder()
                .withMatchLabels(
                    new java.util.TreeMap<>(
                        Map.of(Crds.SITE, plan.name(), Crds.CONNECTOR, shard.name())))
                .build();
        out.add(egress(plan, shard.name() + "-machines", pods, rules));
      }
    }
    return out;
  }

  /**
   * The alarms role's way out to the notification channels the Site configures, and only those:
   * each webhook's port (80 or 443 by scheme) and the SMTP server's; to the address alone when the
   * URL or host is an IP address. Writing a channel in the Site is the opt-in: a site without
   * notifications gets no egress beyond its broker.
   */
  private static List<NetworkPolicyEgressRule> notifications(SitePlan plan) {
    SiteSpec.Alarms alarms = plan.spec().alarms;
    if (alarms == null || alarms.notifications == null) {
      return List.of();
    }
    // One rule per distinct target, in a stable order: the list is part of the object.
    java.util.SortedSet<String> targets = new TreeSet<>();
    if (alarms.notifications.webhooks != null) {
      for (SiteSpec.Webhook w : alarms.notifications.webhooks) {
        targets.add(w.url);
      }
    }
    SiteSpec.Email email = alarms.notifications.email;
    if (email != null) {
      io.millwright.alarms.notify.EmailConfig.Security security =
          email.security == null
              ? io.millwright.alarms.notify.EmailConfig.Security.STARTTLS
              : io.millwright.alarms.notify.EmailConfig.Security.parse(email.security);
      int port = email.port != null ? email.port : security.port();
      String host =
          email.host.contains(":") && !email.host.startsWith("[")
              ? "[" + email.host + "]"
              : email.host;
      targets.add("smtp://" + host + ":" + port);
    }
    List<NetworkPolicyEgressRule> rules = new ArrayList<>();
    for (String target : targets) {
      NetworkPolicyEgressRule r = rule(target, -1);
      if (r != null && !rules.contains(r)) {
        rules.add(r);
      }
    }
    return rules;
  }

  /**
   * The jobs role's way out to the ERP the Site names, as the alarms role's to its notification
   * channels: the URL's port (by scheme when it names none), to the address alone when it is an IP
   * address. Null without an ERP: jobs then come through the API only, and need no egress.
   */
  private static NetworkPolicyEgressRule erp(SitePlan plan) {
    SiteSpec.Jobs jobs = plan.spec().jobs;
    return jobs == null || jobs.erp == null ? null : rule(JobsSection.endpoint(jobs.erp), -1);
  }

  private static HasMetadata egress(
      SitePlan plan, String name, LabelSelector pods, List<NetworkPolicyEgressRule> rules) {
    return new NetworkPolicyBuilder()
        .withMetadata(SiteResources.meta(plan, name, "site"))
        .withNewSpec()
        .withPodSelector(pods)
        .withPolicyTypes("Egress")
        .withEgress(rules)
        .endSpec()
        .build();
  }

  /**
   * Egress to one endpoint: to that address only when the URL names an IP address, else to its port
   * anywhere (a policy cannot name a DNS name). Null when the URL has no network port (a file
   * drop).
   */
  static NetworkPolicyEgressRule rule(String url, int defaultPort) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String host = uri.getHost();
    if (host == null) {
      return null;
    }
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(uri.getScheme(), defaultPort);
    if (port <= 0) {
      return null;
    }
    NetworkPolicyEgressRuleBuilder rule =
        new NetworkPolicyEgressRuleBuilder().withPorts(port("TCP", port));
    if (isIpLiteral(host)) {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      rule.withTo(
          new NetworkPolicyPeerBuilder()
              .withNewIpBlock()
              .withCidr(bare + (bare.contains(":") ? "/128" : "/32"))
              .endIpBlock()
              .build());
    }
    return rule.build();
  }

  private static int defaultPort(String scheme, int fallback) {
    return switch (scheme == null ? "" : scheme.toLowerCase(java.util.Locale.ROOT)) {
      case "opc.tcp" -> 4840;
      case "tcp" -> 502;
      case "s7" -> 102;
      case "mqtt" -> 1883;
      case "mqtts" -> 8883;
      case "postgresql" -> 5432;
      case "mariadb", "mysql" -> 3306;
      case "http" -> 80;
      case "https" -> 443;
      default -> fallback;
    };
  }

  private static boolean isIpLiteral(String host) {
    if (host.startsWith("[")) {
      return true;
    }
    if (!host.matches("[0-9.]+")) {
      return false;
    }
    try {
      // Only digits and dots: parsing does not touch DNS.
      return InetAddress.getByName(host).getHostAddress().equals(host);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static LabelSelector sitePods(SitePlan plan) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(Crds.SITE, plan.name())).build();
  }

  private static List<NetworkPolicyPort> mqttPorts() {
    return List.of(port("TCP", PodTemplates.MQTT_PORT), port("TCP", PodTemplates.MQTTS_PORT));
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
