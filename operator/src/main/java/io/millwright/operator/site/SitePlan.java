package io.millwright.operator.site;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.oee.reason.ReasonTables;
import io.millwright.operator.Crds;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineValidation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@code Site} with its defaults applied and its machines validated and packed into connector
 * pods: everything {@link SiteResources} needs, computed without a cluster. A site that cannot be
 * deployed has a {@link #problem()}; a machine that cannot, an entry in {@link #invalidMachines()}.
 *
 * @param configFile the millwright.yaml of the pods that read machines and do not run the alarms
 *     role (the Site's {@code oee} section), or null when the Site has none
 * @param alarmsConfigFile the millwright.yaml of the pods that run the alarms role: the {@code oee}
 *     and {@code alarms} sections; null when the Site has no {@code alarms} section. Pods that run
 *     the jobs role: {@link #configFile(boolean, boolean)}.
 */
public record SitePlan(
    Site site,
    String name,
    String namespace,
    String siteId,
    String enterprise,
    Mode mode,
    boolean embeddedBroker,
    String brokerUrl,
    boolean embeddedHistorian,
    String storage,
    SecretKeySelector adminPassword,
    List<ConnectorShard> shards,
    Map<String, String> invalidMachines,
    String configFile,
    String alarmsConfigFile,
    String problem) {

  public static final String DEFAULT_ENTERPRISE = "acme";
  public static final String DEFAULT_STORAGE = "10Gi";

  /** The oee role's archive: shift and state records of the machines, small beside samples. */
  public static final String OEE_STORAGE = "1Gi";

  /** The alarms role's journal: transitions kept for the retention (400 days by default). */
  public static final String ALARMS_STORAGE = "1Gi";

  /** The jobs role's journal: jobs and their confirmations, kept for the retention. */
  public static final String JOBS_STORAGE = "1Gi";

  static final int MAX_NAME = 63;

  /** How the central roles are laid out. */
  public enum Mode {
    SINGLE,
    SPLIT,
    DISTRIBUTED;

    static Mode parse(String text) {
      try {
        return text == null ? SINGLE : valueOf(text.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "spec.mode: write single, split or distributed, not \"" + text + "\"");
      }
    }
  }

  public boolean valid() {
    return problem == null;
  }

  public SiteSpec spec() {
    return site.getSpec() == null ? new SiteSpec() : site.getSpec();
  }

  public static SitePlan of(Site site, List<Machine> machines, MachineValidation validation) {
    SiteSpec spec = site.getSpec() == null ? new SiteSpec() : site.getSpec();
    String name = site.getMetadata().getName();
    Mode mode = Mode.parse(spec.mode);
    boolean embeddedBroker = spec.broker == null || !"external".equals(spec.broker.type);
    boolean embeddedHistorian =
        spec.historian == null || !"postgresql".equals(spec.historian.store);
    String storage =
        spec.historian != null && spec.historian.storage != null
            ? spec.historian.storage
            : DEFAULT_STORAGE;
    String brokerUrl =
        embeddedBroker
            ? "mqtt://" + (mode == Mode.SINGLE ? name : name + "-broker") + ":1883"
            : spec.broker.url;
    SecretKeySelector admin =
        spec.adminPasswordSecret != null
            ? spec.adminPasswordSecret
            : new SecretKeySelector("password", name + "-admin", false);

    // The oee section first: machines may only name the reason tables it has.
    ReasonTables reasons;
    String oeeProblem = null;
    try {
      reasons = OeeSection.check(spec.oee);
    } catch (OeeSection.Problem e) {
      reasons = ReasonTables.of(Map.of());
      oeeProblem = e.getMessage();
    }
    String alarmsProblem = null;
    try {
      AlarmsSection.check(spec.alarms, site.siteId());
    } catch (OeeSection.Problem e) {
      alarmsProblem = e.getMessage();
    }
    String jobsProblem = null;
    try {
      JobsSection.check(spec.jobs);
    } catch (OeeSection.Problem e) {
      jobsProblem = e.getMessage();
    }
    Map<String, String> invalid = new TreeMap<>();
    List<Valid> valid = new ArrayList<>();
    Map<String, String> idOwner = new TreeMap<>();
    for (Machine m :
        machines.stream().sorted(Comparator.comparing(SitePlan::resourceName)).toList()) {
      try {
        MachineDefinition d = validation.definition(m);
        String other = idOwner.putIfAbsent(d.id(), resourceName(m));
        if (other != null) {
          throw new DefinitionException(
              "spec.id", "machine id \"" + d.id() + "\" is already used by Machine " + other);
        }
        // Every pod that reads the machines checks this at start, and would not start. Not
        // while the Site's own oee section is refused: that is the Site's problem.
        String unknown = oeeProblem == null ? unknownTable(reasons, d) : null;
        if (unknown != null) {
          idOwner.remove(d.id());
          throw new DefinitionException("spec.states.reasonTable", unknown);
        }
        String location =
            m.getSpec().edgeLocation != null
                ? m.getSpec().edgeLocation
                : spec.placement != null ? spec.placement.edgeLocation : null;
        valid.add(new Valid(m, d, location));
      } catch (DefinitionException e) {
        invalid.put(resourceName(m), e.getMessage());
      }
    }
    int perPod =
        spec.connectors != null && spec.connectors.machinesPerPod != null
            ? spec.connectors.machinesPerPod
            : 1;
    return new SitePlan(
        site,
        name,
        site.getMetadata().getNamespace(),
        site.siteId(),
        spec.enterprise != null ? spec.enterprise : DEFAULT_ENTERPRISE,
        mode,
        embeddedBroker,
        brokerUrl,
        embeddedHistorian,
        storage,
        admin,
        shards(name, valid, perPod),
        invalid,
        spec.oee == null || oeeProblem != null ? null : OeeSection.configFile(spec.oee),
        spec.alarms == null || oeeProblem != null || alarmsProblem != null
            ? null
            : OeeSection.configFile(spec.oee, spec.alarms),
        firstNonNull(
            problem(name, spec, mode, embeddedBroker, embeddedHistorian, storage),
            firstNonNull(oeeProblem, firstNonNull(alarmsProblem, jobsProblem))));
  }

  /**
   * The millwright.yaml of a pod: the Site's {@code oee} section, and its {@code alarms} and {@code
   * jobs} sections when the pod runs that role (the others would need the role's secrets to read
   * them, and refuse names of machines they do not have); null when none of those is given, or the
   * Site is not valid.
   */
  public String configFile(boolean alarms, boolean jobs) {
    SiteSpec spec = spec();
    SiteSpec.Alarms a = alarms ? spec.alarms : null;
    SiteSpec.Jobs j = jobs ? spec.jobs : null;
    if (!valid() || (spec.oee == null && a == null && j == null)) {
      return null;
    }
    return OeeSection.configFile(spec.oee, a, j);
  }

  private static String firstNonNull(String first, String second) {
    return first != null ? first : second;
  }

  private static String unknownTable(ReasonTables reasons, MachineDefinition d) {
    return d.states().isEmpty()
        ? null
        : OeeSection.unknownTable(reasons, d.states().get().reasonTable());
  }

  /**
   * The problem of a valid machine definition with the Site of its namespace: a reason table the
   * Site does not have, as {@link #of} finds it; null when there is none, when there is no Site, or
   * when the Site's oee section is itself refused (the Site's status says so).
   */
  public static String siteProblem(Site site, MachineDefinition d) {
    if (site == null) {
      return null;
    }
    try {
      SiteSpec spec = site.getSpec() == null ? new SiteSpec() : site.getSpec();
      String unknown = unknownTable(OeeSection.check(spec.oee), d);
      return unknown == null ? null : "spec.states.reasonTable: " + unknown;
    } catch (OeeSection.Problem e) {
      return null;
    }
  }

  private record Valid(Machine machine, MachineDefinition definition, String edgeLocation) {}

  private static String resourceName(Machine m) {
    return m.getMetadata().getName();
  }

  /**
   * One pod per machine, or machines of the same edge location, area and line packed in id order
   * {@code perPod} to a pod: a pod never spans two places, so its node affinity is one location.
   */
  private static List<ConnectorShard> shards(String site, List<Valid> machines, int perPod) {
    List<ConnectorShard> out = new ArrayList<>();
    if (perPod == 1) {
      for (Valid v : machines) {
        String node = boundedName("connector-" + v.definition().id());
        out.add(
            new ConnectorShard(
                boundedName(site + "-" + node),
                node,
                v.edgeLocation(),
                List.of(v.machine()),
                List.of(v.definition())));
      }
      return out;
    }
    Map<String, List<Valid>> groups = new TreeMap<>();
    for (Valid v : machines) {
      String key =
          Objects.requireNonNullElse(v.edgeLocation(), "")
              + "/"
              + v.definition().area()
              + "/"
              + v.definition().line();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
    }
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Map.Entry<String, List<Valid>> entry : groups.entrySet()) {
      List<Valid> group = entry.getValue();
      group.sort(Comparator.comparing(v -> v.definition().id()));
      for (int i = 0; i < group.size(); i += perPod) {
        List<Valid> part = group.subList(i, Math.min(group.size(), i + perPod));
        MachineDefinition first = part.get(0).definition();
        String location = part.get(0).edgeLocation();
        String readable =
            "connectors-"
                + (location == null ? "" : location + "-")
                + first.area()
                + "-"
                + first.line()
                + "-"
                + (i / perPod + 1);
        // Names hold '-' too: area "body", line "shop-1" and area "body-shop", line "1" would
        // read alike; the group's own hash keeps them apart.
        String node = boundedName(readable);
        if (!used.add(node)) {
          node = boundedName(readable + "-" + hash(entry.getKey()).substring(0, 6));
          used.add(node);
        }
        out.add(
            new ConnectorShard(
                boundedName(site + "-" + node),
                node,
                location,
                part.stream().map(Valid::machine).toList(),
                part.stream().map(Valid::definition).toList()));
      }
    }
    return out;
  }

  /** The longest suffix a Site's name gets in the names of its objects. */
  static final String LONGEST_SUFFIX = "-historian";

  /**
   * A StatefulSet's name appears in its pods' label {@code controller-revision-hash=<name>-<hash>},
   * a label value of at most 63 characters: longer StatefulSet names are accepted by the API server
   * but never get a pod.
   */
  static final int MAX_STATEFULSET_NAME = 52;

  static final int MAX_SITE_NAME = MAX_STATEFULSET_NAME - LONGEST_SUFFIX.length();

  private static String problem(
      String name,
      SiteSpec spec,
      Mode mode,
      boolean embeddedBroker,
      boolean embeddedHistorian,
      String storage) {
    // Kubernetes accepts Site names (DNS subdomains) that cannot name a Service or a label value.
    if (!name.matches("[a-z]([-a-z0-9]*[a-z0-9])?") || name.length() > MAX_SITE_NAME) {
      return "metadata.name: a Site's name \""
          + name
          + "\" names its Services ("
          + name
          + LONGEST_SUFFIX
          + "): start with a letter, use a-z, 0-9 and '-', at most "
          + MAX_SITE_NAME
          + " characters";
    }
    if (spec.adminPasswordSecret != null
        && (blank(spec.adminPasswordSecret.getName())
            || blank(spec.adminPasswordSecret.getKey()))) {
      return "spec.adminPasswordSecret: name the Secret and its key";
    }
    if (!embeddedBroker && (spec.broker.url == null || spec.broker.credentialsSecret == null)) {
      return "spec.broker: an external broker needs url and credentialsSecret";
    }
    if (!embeddedBroker) {
      try {
        URI uri = URI.create(spec.broker.url);
        if (!List.of("mqtt", "mqtts").contains(uri.getScheme()) || uri.getHost() == null) {
          return "spec.broker.url: write mqtt://host:1883 or mqtts://host:8883, not "
              + spec.broker.url;
        }
      } catch (IllegalArgumentException e) {
        return "spec.broker.url: " + e.getMessage();
      }
    }
    if (!embeddedHistorian) {
      SiteSpec.Historian h = spec.historian;
      if (h.url == null
          || h.user == null
          || h.passwordSecret == null
          || blank(h.passwordSecret.getName())
          || blank(h.passwordSecret.getKey())) {
        return "spec.historian: the postgresql store needs url, user and passwordSecret (name and"
            + " key)";
      }
      if (!h.url.startsWith("jdbc:postgresql://") || host(h.url.substring(5)) == null) {
        // One host: the historian's network policy lets it reach that host's port only.
        return "spec.historian.url: write jdbc:postgresql://host:5432/database (one host), not "
            + h.url;
      }
    }
    if (mode == Mode.DISTRIBUTED && (embeddedBroker || embeddedHistorian)) {
      return "spec.mode: distributed keeps no state in the site's pods: it needs broker.type"
          + " external and historian.store postgresql (use split to keep them in the cluster)";
    }
    try {
      if (Quantity.getAmountInBytes(new Quantity(storage)).signum() <= 0) {
        return "spec.historian.storage: must be a positive size such as 10Gi, not " + storage;
      }
    } catch (IllegalArgumentException e) {
      return "spec.historian.storage: must be a size such as 10Gi, not " + storage;
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The host of a URL, or null when it has none that a network policy could name. */
  static String host(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A name within the 63 characters of a label value and a DNS label; a longer one keeps its start
   * and gets a hash of the whole, so two long names stay distinct.
   */
  static String boundedName(String name) {
    if (name.length() <= MAX_NAME) {
      return name;
    }
    return name.substring(0, MAX_NAME - 9).replaceAll("-+$", "") + "-" + hash(name).substring(0, 8);
  }

  /** SHA-256 in hex: the config hash of pod templates. */
  static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Common labels of everything the operator makes for this site. */
  public Map<String, String> labels(String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Crds.NAME, "millwright");
    labels.put(Crds.INSTANCE, name);
    labels.put(Crds.COMPONENT, component);
    labels.put(Crds.MANAGED_BY, Crds.FIELD_MANAGER);
    labels.put(Crds.SITE, name);
    return labels;
  }
}
