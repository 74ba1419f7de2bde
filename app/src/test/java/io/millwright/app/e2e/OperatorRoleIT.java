package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.millwright.operator.Fixtures;
import io.millwright.operator.MockApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary running the {@code operator} role against fabric8's mock API server ({@link
 * MockApiServer}; no real cluster runs here): it needs no broker, reconciles a Site into workloads,
 * reports ready once its watches run, and stops cleanly.
 */
class OperatorRoleIT {

  @TempDir Path dir;

  @Test
  void theOperatorRoleReconcilesASiteAndStopsCleanly() throws Exception {
    try (MockApiServer api = new MockApiServer()) {
      KubernetesClient client = api.client();
      api.withCrds(Path.of("..", "operator"));
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("plant").endMetadata().build())
          .create();
      client.resource(Fixtures.site("plant-1", "plant")).create();
      client.resource(Fixtures.machine("press-01", "plant", "pressing", "line-1")).create();

      Map<String, String> env =
          Map.of(
              "KUBERNETES_MASTER", client.getMasterUrl().toString(),
              "KUBERNETES_TRUST_CERTIFICATES", "true",
              "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
              "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
              "MILLWRIGHT_ADMIN_PASSWORD", "operator-test-password");
      try (RunningBinary operator = RunningBinary.start(dir, env, "run", "--roles", "operator")) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    client
                            .apps()
                            .deployments()
                            .inNamespace("plant")
                            .withName("plant-1-connector-press-01")
                            .get()
                        != null);
        operator.awaitReady(Duration.ofSeconds(120));
        assertThat(operator.get("/q/metrics").body())
            .contains("millwright_operator_site_reconciliations_total");
        // No broker in the operator's process: it talks only to the Kubernetes API.
        assertThat(operator.stdout() + operator.stderr()).doesNotContain("started broker");
        assertThat(operator.terminate(Duration.ofSeconds(30))).isZero();
      }
    }
  }
}
