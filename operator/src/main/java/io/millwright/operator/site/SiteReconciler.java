package io.millwright.operator.site;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.millwright.operator.Crds;
import io.millwright.operator.Informers;
import io.millwright.operator.Statuses;
import io.millwright.operator.apply.Applier;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineValidation;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@code Site}: plan ({@link SitePlan}), render ({@link SiteResources}), ensure the
 * admin Secret, apply, prune, report. Runs on every change of the Site, of a Machine in its
 * namespace and of a workload it owns, and every few minutes to repair drift.
 */
@ControllerConfiguration(
    name = "site",
    maxReconciliationInterval =
        @io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval(
            interval = 5,
            timeUnit = java.util.concurrent.TimeUnit.MINUTES))
public final class SiteReconciler implements Reconciler<Site> {

  private static final Logger LOG = LoggerFactory.getLogger(SiteReconciler.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MachineValidation validation;
  private final AtomicLong reconciliations = new AtomicLong();
  private final AtomicLong objectsApplied = new AtomicLong();
  private volatile InformerEventSource<Machine, Site> machines;

  public SiteReconciler(MachineValidation validation) {
    this.validation = validation;
  }

  @Override
  public List<EventSource<?, Site>> prepareEventSources(EventSourceContext<Site> context) {
    // A Machine belongs to the Site of its namespace.
    machines = Informers.specChangesInNamespace(Machine.class, Site.class, "machines", context);
    String managed = Crds.MANAGED_BY + "=" + Crds.FIELD_MANAGER;
    List<EventSource<?, Site>> sources = new ArrayList<>();
    sources.add(machines);
    // Workloads changed by someone else (or their readiness) bring the Site back.
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Deployment.class, Site.class)
                .withName("deployments")
                .withLabelSelector(managed)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Site.class))
                .build(),
            context));
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(StatefulSet.class, Site.class)
                .withName("statefulsets")
                .withLabelSelector(managed)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Site.class))
                .build(),
            context));
    return sources;
  }

  @Override
  public UpdateControl<Site> reconcile(Site site, Context<Site> context) {
    KubernetesClient client = context.getClient();
    String namespace = site.getMetadata().getNamespace();
    List<Machine> inNamespace = machines.list(namespace).toList();
    SitePlan plan = SitePlan.of(site, inNamespace, validation);
    SiteStatus status = new SiteStatus();
    status.observedGeneration = site.getMetadata().getGeneration();
    status.machines = inNamespace.size();
    status.invalidMachines = plan.invalidMachines().size();
    // One Site per namespace: the oldest keeps it, so a second one never stops a running site.
    Site first =
        context
            .getPrimaryCache()
            .list(namespace)
            .min(
                Comparator.comparing(
                        (Site s) ->
                            s.getMetadata().getCreationTimestamp() == null
                                ? ""
                                : s.getMetadata().getCreationTimestamp())
                    .thenComparing(s -> s.getMetadata().getName()))
            .orElse(site);
    if (!first.getMetadata().getName().equals(site.getMetadata().getName())) {
      status.phase = "Invalid";
      status.message =
          "one Site per namespace: "
              + first.getMetadata().getName()
              + " is the site of "
              + namespace
              + "; this one is not deployed";
    } else if (!plan.valid()) {
      // Nothing is changed for a Site that cannot be deployed: what runs keeps running.
      status.phase = "Invalid";
      status.message = plan.problem();
    } else {
      ensureAdminSecret(client, plan);
      List<HasMetadata> desired = SiteResources.desired(plan);
      Applier.Result result = new Applier(client).apply(namespace, plan.name(), desired);
      if (!result.applied().isEmpty() || !result.deleted().isEmpty()) {
        LOG.info(
            "site {}/{}: applied {}, deleted {}, {} unchanged",
            namespace,
            plan.name(),
            result.applied(),
            result.deleted(),
            result.unchanged());
      }
      objectsApplied.addAndGet(result.applied().size() + result.deleted().size());
      // Readiness from the informers' caches: no API read per workload.
      Map<String, Integer> ready = new HashMap<>();
      context
          .getSecondaryResources(Deployment.class)
          .forEach(
              d ->
                  ready.put(
                      "Deployment/" + d.getMetadata().getName(),
                      readyReplicas(
                          d.getStatus() == null ? null : d.getStatus().getReadyReplicas())));
      context
          .getSecondaryResources(StatefulSet.class)
          .forEach(
              d ->
                  ready.put(
                      "StatefulSet/" + d.getMetadata().getName(),
                      readyReplicas(
                          d.getStatus() == null ? null : d.getStatus().getReadyReplicas())));
      report(ready, plan, desired, status);
      if (!result.keptAsIs().isEmpty()) {
        status.message =
            (status.message == null ? "" : status.message + "; ")
                + String.join("; ", result.keptAsIs());
      }
    }
    reconciliations.incrementAndGet();
    SiteStatus previous = site.getStatus();
    Statuses.keepTransitionTimes(previous == null ? null : previous.conditions, status.conditions);
    if (Statuses.same(previous, status)) {
      return UpdateControl.noUpdate();
    }
    site.setStatus(status);
    return UpdateControl.patchStatus(site);
  }

  /**
   * A reconcile that failed (the API server refused a write) shows in the Site's status, so a
   * kubectl user sees why the site is not as specified; JOSDK retries with back-off.
   */
  @Override
  public ErrorStatusUpdateControl<Site> updateErrorStatus(
      Site site, Context<Site> context, Exception e) {
    SiteStatus status = site.getStatus() == null ? new SiteStatus() : site.getStatus();
    status.phase = "Error";
    status.message = "reconcile failed: " + e.getMessage();
    site.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(site);
  }

  /** Reconciliations done (for metrics, and for tests that wait for a full resync). */
  public long reconciliations() {
    return reconciliations.get();
  }

  /**
   * Objects created, changed or deleted in the cluster so far: 0 for a resync that found all right.
   */
  public long objectsApplied() {
    return objectsApplied.get();
  }

  /**
   * The admin password every role of the site shares (HTTP and MQTT), generated once when the
   * Secret is missing. An existing Secret is never overwritten.
   */
  private static void ensureAdminSecret(KubernetesClient client, SitePlan plan) {
    String name = plan.adminPassword().getName();
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    Secret secret =
        new SecretBuilder()
            .withMetadata(SiteResources.meta(plan, name, "site"))
            .addToStringData(
                plan.adminPassword().getKey(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
            .build();
    // Not labelled as managed: the prune never deletes a password (the Site's deletion does).
    secret.getMetadata().getLabels().remove(Crds.MANAGED_BY);
    try {
      // Create, never read: the operator may create Secrets but needs no right to read any.
      client.resource(secret).create();
      LOG.info(
          "site {}/{}: generated the admin password in Secret {}",
          plan.namespace(),
          plan.name(),
          name);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  /** One condition per workload: {@code <Component>Ready}, true when all its replicas are ready. */
  private static int readyReplicas(Integer ready) {
    return ready == null ? 0 : ready;
  }

  private static void report(
      Map<String, Integer> readyByWorkload,
      SitePlan plan,
      List<HasMetadata> desired,
      SiteStatus status) {
    int connectors = 0;
    int connectorsReady = 0;
    boolean allReady = true;
    for (HasMetadata d : desired) {
      if (!(d instanceof Deployment) && !(d instanceof StatefulSet)) {
        continue;
      }
      Integer ready = readyByWorkload.get(d.getKind() + "/" + d.getMetadata().getName());
      boolean isReady = ready != null && ready >= 1;
      allReady &= isReady;
      String component = d.getMetadata().getLabels().get(Crds.COMPONENT);
      if (component.equals("connector")) {
        connectors++;
        connectorsReady += isReady ? 1 : 0;
      } else {
        status.conditions.add(
            condition(capitalized(component) + "Ready", isReady, d.getMetadata().getName()));
      }
    }
    if (connectors > 0) {
      status.conditions.add(
          condition(
              "ConnectorsReady",
              connectors == connectorsReady,
              connectorsReady + " of " + connectors + " connector pods ready"));
    }
    status.phase = allReady ? "Ready" : "Progressing";
    status.message =
        plan.invalidMachines().isEmpty()
            ? null
            : plan.invalidMachines().size()
                + " machine(s) invalid: "
                + String.join(", ", plan.invalidMachines().keySet());
  }

  private static Condition condition(String type, boolean ok, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(ok ? "True" : "False")
        .withReason(ok ? "Ready" : "NotReady")
        .withMessage(message)
        .withLastTransitionTime(
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
        .build();
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
