package io.millwright.app.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.millwright.app.machines.Connectors;
import io.millwright.app.module.Health;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.operator.MillwrightOperator;
import java.util.Map;
import java.util.Set;

/**
 * The {@code operator} role: Site and Machine resources of the cluster become workloads. It talks
 * only to the Kubernetes API (the cluster is its state) and to connector pods' health; it needs
 * neither the broker nor the data directory. The client configures itself from the pod's service
 * account, or from {@code KUBECONFIG} and {@code KUBERNETES_*} variables outside a cluster.
 */
public final class OperatorRole implements Module {

  /** Where connector pods serve {@code /q/metrics}: the image's HTTP port. */
  static final int CONNECTOR_HTTP_PORT = 8080;

  private KubernetesClient client;
  private MillwrightOperator operator;

  @Override
  public void start(ModuleContext context) {
    client = new KubernetesClientBuilder().build();
    operator =
        new MillwrightOperator(
            client,
            Connectors.definitionCheck(),
            CONNECTOR_HTTP_PORT,
            Set.copyOf(context.config().operatorNamespaces()));
    // Fails when the API server cannot be reached or the CRDs are missing: the process exits and
    // Kubernetes restarts it, which is the retry an operator pod wants.
    operator.start();
  }

  @Override
  public void stop() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Override
  public Health health() {
    return operator != null && operator.healthy()
        ? Health.UP
        : Health.notReady("watches of the Kubernetes API are not all connected");
  }

  @Override
  public Map<String, Double> figures() {
    if (operator == null) {
      return Map.of();
    }
    return Map.of(
        "site_reconciliations_total", (double) operator.sites().reconciliations(),
        "objects_applied_total", (double) operator.sites().objectsApplied());
  }
}
