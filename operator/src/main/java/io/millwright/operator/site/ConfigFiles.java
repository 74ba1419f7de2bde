package io.millwright.operator.site;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Site's configuration files in {@code <site>-config}, one per set of sections the site's pods
 * read, and which one each pod sees as its millwright.yaml. A pod gets the {@code alarms} and
 * {@code jobs} sections only when it runs that role: the others would need the role's secrets to
 * read them, and a connector would refuse an alarm pattern or a product that names none of its own
 * machines.
 */
final class ConfigFiles {

  /** Where every pod that reads machines finds its files (one volume, read-only). */
  static final String CONFIG_DIR = "/etc/millwright";

  static final String MACHINES_FILE = "machines.yaml";
  static final String CONFIG_FILE = "millwright.yaml";

  private ConfigFiles() {}

  /** The role sections of the configuration file a pod reads besides {@code oee}. */
  record Sections(boolean alarms, boolean jobs) {
    static final Sections NONE = new Sections(false, false);

    static Sections of(List<String> roles) {
      return new Sections(roles.contains("alarms"), roles.contains("jobs"));
    }
  }

  /** The file a pod with these sections reads; null when the Site gives it none. */
  static String text(SitePlan plan, Sections sections) {
    return plan.configFile(sections.alarms(), sections.jobs());
  }

  /**
   * The file's key: {@value #CONFIG_FILE} with every section the Site has, else named by the
   * sections it lacks ({@code millwright-without-alarms.yaml}).
   */
  static String key(SitePlan plan, Sections sections) {
    List<String> missing = missing(plan, sections);
    return missing.isEmpty()
        ? CONFIG_FILE
        : "millwright-without-" + String.join("-", missing) + ".yaml";
  }

  private static List<String> missing(SitePlan plan, Sections sections) {
    List<String> missing = new ArrayList<>();
    if (plan.spec().alarms != null && !sections.alarms()) {
      missing.add("alarms");
    }
    if (plan.spec().jobs != null && !sections.jobs()) {
      missing.add("jobs");
    }
    return missing;
  }

  /**
   * The ConfigMap with a file for each of the pods' section sets, the fullest first; null when no
   * pod gets a file.
   *
   * @param pods the section sets of the site's pods, connectors ({@link Sections#NONE}) included
   */
  static ConfigMap configMap(SitePlan plan, List<Sections> pods) {
    List<Sections> sets =
        pods.stream()
            .distinct()
            .filter(s -> text(plan, s) != null)
            .sorted(
                Comparator.comparingInt((Sections s) -> missing(plan, s).size())
                    .thenComparing(s -> key(plan, s)))
            .toList();
    if (sets.isEmpty()) {
      return null;
    }
    ConfigMapBuilder config =
        new ConfigMapBuilder().withMetadata(SiteResources.meta(plan, name(plan), "site"));
    sets.forEach(s -> config.addToData(key(plan, s), text(plan, s)));
    return config.build();
  }

  static String name(SitePlan plan) {
    return plan.name() + "-config";
  }

  /** The configuration file's path, for {@code run --config}; null when the Site gives none. */
  static String path(SitePlan plan, Sections sections) {
    return text(plan, sections) == null ? null : CONFIG_DIR + "/" + CONFIG_FILE;
  }

  /**
   * The volume {@code machines} of a pod that reads a machines file: that ConfigMap, and the Site's
   * configuration file beside it when the Site has one. Every such pod needs the latter, not only
   * the oee role's: each process checks at start that the machines' reason tables exist.
   */
  static Volume machinesVolume(SitePlan plan, String machines, Sections sections) {
    VolumeBuilder volume = new VolumeBuilder().withName("machines");
    if (text(plan, sections) == null) {
      return volume
          .withNewConfigMap()
          .withName(machines)
          .withDefaultMode(0444)
          .endConfigMap()
          .build();
    }
    // Projected: two ConfigMaps in one directory. A second ConfigMap volume mounted below the
    // first would need a mount point inside a volume the kubelet rewrites.
    ConfigMapProjection config = new ConfigMapProjection();
    config.setName(name(plan));
    if (plan.spec().alarms != null || plan.spec().jobs != null) {
      // The ConfigMap holds a file per section set: each pod sees only its own, at the same path.
      config.setItems(
          List.of(
              new KeyToPathBuilder().withKey(key(plan, sections)).withPath(CONFIG_FILE).build()));
    }
    return volume
        .withNewProjected()
        .withDefaultMode(0444)
        .addNewSource()
        .withNewConfigMap()
        .withName(machines)
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withConfigMap(config)
        .endSource()
        .endProjected()
        .build();
  }
}
