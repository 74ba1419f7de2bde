package io.millwright.operator.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.millwright.operator.Crds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies desired objects with server-side apply, skipping those already as desired, and deletes
 * the objects of a site that are no longer desired. Skipping matters after the operator or the API
 * server was away: a full resync must change nothing that is right, so no pod restarts.
 */
public final class Applier {

  /** The kinds the operator creates for a site, in the order they are pruned (pods' users last). */
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Deployment.class,
          StatefulSet.class,
          PodDisruptionBudget.class,
          ConfigMap.class,
          Service.class,
          NetworkPolicy.class,
          ServiceAccount.class);

  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

  private final KubernetesClient client;

  public Applier(KubernetesClient client) {
    this.client = client;
  }

  /** What one pass did. */
  public record Result(
      List<String> applied, int unchanged, List<String> deleted, List<String> keptAsIs) {}

  /**
   * One list per kind (with the site's labels) instead of one read per object: a site of 500
   * machines has some 1,500 objects, and a resync must cost the API server little.
   */
  public Result apply(String namespace, String site, List<HasMetadata> desired) {
    Map<String, HasMetadata> existing = new HashMap<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      for (HasMetadata o :
          client
              .resources(kind)
              .inNamespace(namespace)
              .withLabel(Crds.SITE, site)
              .withLabel(Crds.MANAGED_BY, Crds.FIELD_MANAGER)
              .list()
              .getItems()) {
        existing.put(key(o), o);
      }
    }
    List<String> applied = new ArrayList<>();
    List<String> keptAsIs = new ArrayList<>();
    int unchanged = 0;
    Set<String> keep = new HashSet<>();
    for (HasMetadata d : desired) {
      keep.add(key(d));
      HasMetadata current = existing.get(key(d));
      if (current instanceof StatefulSet running
          && d instanceof StatefulSet wanted
          && !subset(
              json(running).path("spec").path("volumeClaimTemplates"),
              json(wanted).path("spec").path("volumeClaimTemplates"))) {
        // The API server refuses any change to a StatefulSet's claim templates; applying one would
        // fail the whole reconcile. The running templates stay, and the status says so.
        wanted.getSpec().setVolumeClaimTemplates(running.getSpec().getVolumeClaimTemplates());
        keptAsIs.add(
            key(d)
                + ": its volume (size, storage class) cannot change while it exists; delete it"
                + " with --cascade=orphan to have it made again with the new volume");
      }
      if (current != null && contains(current, d)) {
        unchanged++;
        continue;
      }
      if (current != null && LOG.isDebugEnabled()) {
        LOG.debug("{} differs at {}", key(d), difference(json(current), json(d), ""));
      }
      client.resource(d).fieldManager(Crds.FIELD_MANAGER).forceConflicts().serverSideApply();
      applied.add(key(d));
    }
    // What the operator made for this site earlier and no longer wants.
    List<String> deleted = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      for (HasMetadata o : existing.values()) {
        if (kind.isInstance(o) && !keep.contains(key(o))) {
          client.resource(o).delete();
          deleted.add(key(o));
        }
      }
    }
    return new Result(applied, unchanged, deleted, keptAsIs);
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }

  /**
   * Whether {@code current} already holds every field {@code desired} sets: the API server adds
   * defaults and status, which are not differences.
   */
  boolean contains(HasMetadata current, HasMetadata desired) {
    JsonNode c = json(current);
    JsonNode d = json(desired);
    for (Map.Entry<String, JsonNode> field : d.properties()) {
      switch (field.getKey()) {
        case "status" -> {}
        case "metadata" -> {
          for (String key : List.of("labels", "annotations", "ownerReferences")) {
            if (field.getValue().has(key)
                && !subset(c.path("metadata").path(key), field.getValue().get(key))) {
              return false;
            }
          }
        }
        default -> {
          if (!subset(c.path(field.getKey()), field.getValue())) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private JsonNode json(HasMetadata o) {
    return client.getKubernetesSerialization().convertValue(o, JsonNode.class);
  }

  static boolean subset(JsonNode current, JsonNode desired) {
    return difference(current, desired, "") == null;
  }

  /** The path of the first field where {@code current} lacks what {@code desired} sets, or null. */
  static String difference(JsonNode current, JsonNode desired, String path) {
    if (desired.isObject()) {
      if (!current.isObject()) {
        return path;
      }
      for (Map.Entry<String, JsonNode> f : desired.properties()) {
        String d = difference(current.path(f.getKey()), f.getValue(), path + "." + f.getKey());
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (desired.isArray()) {
      if (!current.isArray() || current.size() != desired.size()) {
        return path + "[]";
      }
      for (int i = 0; i < desired.size(); i++) {
        String d = difference(current.get(i), desired.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (desired.isNumber() && current.isNumber()) {
      return desired.decimalValue().compareTo(current.decimalValue()) == 0 ? null : path;
    }
    return desired.equals(current) ? null : path + " (" + current + " instead of " + desired + ")";
  }
}
