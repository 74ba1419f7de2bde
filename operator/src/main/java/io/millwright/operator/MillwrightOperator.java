package io.millwright.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.machine.ConnectorHealth;
import io.millwright.operator.machine.MachineReconciler;
import io.millwright.operator.machine.MachineValidation;
import io.millwright.operator.site.SiteReconciler;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The operator role's engine: JOSDK with the Site and Machine reconcilers, on a client the caller
 * configures (in-cluster service account in production, the mock API server in tests).
 */
public final class MillwrightOperator implements AutoCloseable {

  private final Operator operator;
  private final SiteReconciler sites;
  private final ConnectorHealth health;

  /**
   * @param protocolCheck each protocol's checks of a machine definition (the connectors' own)
   * @param connectorHttpPort where connector pods serve {@code /q/metrics}
   */
  public MillwrightOperator(
      KubernetesClient client, Consumer<MachineDefinition> protocolCheck, int connectorHttpPort) {
    this(client, protocolCheck, connectorHttpPort, Set.of());
  }

  /**
   * @param namespaces the namespaces to watch; empty for every namespace (a ClusterRole's reach)
   */
  public MillwrightOperator(
      KubernetesClient client,
      Consumer<MachineDefinition> protocolCheck,
      int connectorHttpPort,
      Set<String> namespaces) {
    MachineValidation validation = new MachineValidation(protocolCheck);
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    // The module manager stops the role; JOSDK must not add its own hook.
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCloseClientOnStop(false)
                    // Statuses are written by their reconciler alone: a JSON merge patch of the
                    // status subresource is enough, and needs no managed-fields bookkeeping.
                    .withUseSSAToPatchPrimaryResource(false));
    sites = new SiteReconciler(validation);
    operator.register(sites, watching(namespaces));
    health = new ConnectorHealth(client, connectorHttpPort, Clock.systemUTC());
    operator.register(new MachineReconciler(validation, health), watching(namespaces));
  }

  /** The namespaces a controller watches: the given ones, or every namespace when none. */
  private static <R extends HasMetadata> Consumer<ControllerConfigurationOverrider<R>> watching(
      Set<String> namespaces) {
    return o -> {
      if (!namespaces.isEmpty()) {
        o.settingNamespaces(namespaces);
      }
    };
  }

  public SiteReconciler sites() {
    return sites;
  }

  public void start() {
    operator.start();
  }

  /** True while every controller's informers are connected (readiness). */
  public boolean healthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
    health.close();
  }
}
