package io.millwright.operator;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.machine;
import static io.millwright.operator.Fixtures.site;
import static io.millwright.operator.Fixtures.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.millwright.operator.apply.Applier;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.site.Site;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against fabric8's Kubernetes mock API server in CRUD mode: no real cluster runs here
 * (no container engine, no kubelet), so pods never start; what is checked is what the operator
 * writes to the API and what it leaves alone.
 */
class OperatorIT {

  static final String NS = "plant";

  private final MockApiServer server = new MockApiServer();
  private final KubernetesClient client = server.client();

  private HttpServer metrics;
  private volatile String metricsBody = "";
  private MillwrightOperator operator;

  @BeforeEach
  void setUp() throws IOException {
    server.withCrds(Path.of(""));
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    // A connector pod's metrics endpoint, as the app serves it (Micrometer's Prometheus format).
    metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    metrics.createContext(
        "/q/metrics",
        exchange -> {
          byte[] body = metricsBody.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    metrics.start();
  }

  @AfterEach
  void tearDown() {
    if (operator != null) {
      operator.close();
    }
    metrics.stop(0);
    server.close();
  }

  private MillwrightOperator startOperator() {
    MillwrightOperator o =
        new MillwrightOperator(client, NO_PROTOCOL_CHECK, metrics.getAddress().getPort());
    o.start();
    return o;
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  /** Kind/name → resourceVersion of every object the operator manages in the namespace. */
  private Map<String, String> versions() {
    Map<String, String> out = new TreeMap<>();
    for (Class<? extends HasMetadata> kind : Applier.KINDS) {
      for (HasMetadata o :
          client
              .resources(kind)
              .inNamespace(NS)
              .withLabel(Crds.SITE, "plant-1")
              .list()
              .getItems()) {
        out.put(
            o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion());
      }
    }
    return out;
  }

  @Test
  void aSiteAndItsMachinesBecomeWorkloadsAndAResyncChangesNothing() {
    Site site = client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    client.resource(machine("press-02", NS, "pressing", "line-1")).create();
    operator = startOperator();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(deployment("plant-1-connector-press-01")).isNotNull();
              assertThat(deployment("plant-1-connector-press-02")).isNotNull();
              assertThat(client.apps().statefulSets().inNamespace(NS).withName("plant-1").get())
                  .isNotNull();
            });
    StatefulSet central = client.apps().statefulSets().inNamespace(NS).withName("plant-1").get();
    assertThat(central.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            pvc ->
                assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
                    .isEqualTo("10Gi"));
    // Owned by the Site, so deleting the Site deletes them (the cluster's garbage collector).
    assertThat(deployment("plant-1-connector-press-01").getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(site.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    assertThat(client.secrets().inNamespace(NS).withName("plant-1-admin").get()).isNotNull();
    await()
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(Site.class)
                            .inNamespace(NS)
                            .withName("plant-1")
                            .get()
                            .getStatus())
                    .isNotNull());
    Map<String, String> before = versions();
    String password =
        client.secrets().inNamespace(NS).withName("plant-1-admin").get().getData().toString();

    // The operator goes away and comes back (the edge losing its control plane link): the full
    // resync finds everything right and writes nothing, so no pod restarts.
    operator.close();
    operator = startOperator();
    MillwrightOperator restarted = operator;
    await().atMost(Duration.ofSeconds(30)).until(() -> restarted.sites().reconciliations() >= 1);
    assertThat(restarted.sites().objectsApplied()).isZero();
    assertThat(versions()).isEqualTo(before);
    assertThat(
            client.secrets().inNamespace(NS).withName("plant-1-admin").get().getData().toString())
        .isEqualTo(password);
  }

  @Test
  void aChangedMachineRollsItsOwnPodAndTheCentralOneAndADeletedOneIsRemoved() {
    client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    client.resource(machine("press-02", NS, "pressing", "line-1")).create();
    operator = startOperator();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deployment("plant-1-connector-press-02") != null
                    && deployment("plant-1-connector-press-01") != null);
    String hash1 = configHash("plant-1-connector-press-01");
    String version2 = deployment("plant-1-connector-press-02").getMetadata().getResourceVersion();
    await().atMost(Duration.ofSeconds(30)).until(() -> centralHash() != null);
    String central1 = centralHash();

    Machine changed = client.resources(Machine.class).inNamespace(NS).withName("press-01").get();
    List<io.millwright.operator.machine.TagSpec> tags = new ArrayList<>(changed.getSpec().tags);
    tags.add(tag("spindle/speed", "input:4", "float32"));
    changed.getSpec().tags = tags;
    client.resource(changed).update();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !configHash("plant-1-connector-press-01").equals(hash1));
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName("plant-1-connector-press-01")
                .get()
                .getData()
                .get("machines.yaml"))
        .contains("spindle/speed");
    assertThat(deployment("plant-1-connector-press-02").getMetadata().getResourceVersion())
        .isEqualTo(version2);
    // The central pod (historian, oee) reads every machine: its file changed, and so its pod.
    await().atMost(Duration.ofSeconds(30)).until(() -> !centralHash().equals(central1));
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName("plant-1-machines")
                .get()
                .getData()
                .get("machines.yaml"))
        .contains("id: press-01", "id: press-02", "spindle/speed");

    client.resources(Machine.class).inNamespace(NS).withName("press-02").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(deployment("plant-1-connector-press-02")).isNull();
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(NS)
                          .withName("plant-1-connector-press-02")
                          .get())
                  .isNull();
            });
    assertThat(deployment("plant-1-connector-press-01")).isNotNull();
  }

  /**
   * Changes the Site's spec. The operator patches its status meanwhile, so a write based on an
   * older read can be refused (409 Conflict): read again and retry.
   */
  private void updateSite(java.util.function.Consumer<Site> change) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              Site site = client.resources(Site.class).inNamespace(NS).withName("plant-1").get();
              change.accept(site);
              client.resource(site).update();
              return true;
            });
  }

  private String centralHash() {
    StatefulSet central = client.apps().statefulSets().inNamespace(NS).withName("plant-1").get();
    return central == null
        ? null
        : central.getSpec().getTemplate().getMetadata().getAnnotations().get(Crds.CONFIG_HASH);
  }

  private String configHash(String deployment) {
    return deployment(deployment)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(Crds.CONFIG_HASH);
  }

  @Test
  void aMachineNamingAReasonTableTheSiteLacksIsInvalidUntilTheSiteHasIt() {
    client.resource(site("plant-1", NS)).create();
    Machine press = machine("press-01", NS, "pressing", "line-1");
    press.getSpec().states = Fixtures.states();
    press.getSpec().states.reasonTable = "presses";
    client.resource(press).create();
    operator = startOperator();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Machine m =
                  client.resources(Machine.class).inNamespace(NS).withName("press-01").get();
              assertThat(m.getStatus()).isNotNull();
              assertThat(m.getStatus().phase).isEqualTo("Invalid");
              assertThat(m.getStatus().message)
                  .isEqualTo(
                      "spec.states.reasonTable: \"presses\" is not a reason table of the Site;"
                          + " spec.oee.reasons has standard");
            });
    assertThat(deployment("plant-1-connector-press-01")).isNull();

    io.millwright.operator.site.SiteSpec.Reason jammed =
        new io.millwright.operator.site.SiteSpec.Reason();
    jammed.code = 500;
    jammed.label = "ram jammed";
    updateSite(
        s -> {
          s.getSpec().oee = new io.millwright.operator.site.SiteSpec.Oee();
          s.getSpec().oee.reasons = Map.of("presses", List.of(jammed));
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(deployment("plant-1-connector-press-01")).isNotNull();
              assertThat(
                      client
                          .resources(Machine.class)
                          .inNamespace(NS)
                          .withName("press-01")
                          .get()
                          .getStatus()
                          .phase)
                  .isNotEqualTo("Invalid");
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(NS)
                          .withName("plant-1-config")
                          .get()
                          .getData()
                          .get("millwright.yaml"))
                  .contains("presses:", "label: \"ram jammed\"");
            });
  }

  @Test
  void anInvalidMachineIsMarkedWithTheReasonAndTouchesNothingElse() {
    client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    operator = startOperator();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployment("plant-1-connector-press-01") != null);
    Map<String, String> before = versions();

    Machine bad = machine("press-09", NS, "pressing", "line-1");
    bad.getSpec().tags =
        List.of(tag("a", "holding:0", "float32"), tag("a", "holding:2", "float32"));
    client.resource(bad).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Machine m =
                  client.resources(Machine.class).inNamespace(NS).withName("press-09").get();
              assertThat(m.getStatus()).isNotNull();
              assertThat(m.getStatus().phase).isEqualTo("Invalid");
              assertThat(m.getStatus().message)
                  .startsWith("spec.tags[1].name: \"a\" is already the name of tags[0]");
              Site s = client.resources(Site.class).inNamespace(NS).withName("plant-1").get();
              assertThat(s.getStatus().invalidMachines).isEqualTo(1);
            });
    assertThat(deployment("plant-1-connector-press-09")).isNull();
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  void aMachineWithAnAlarmOnATagItLacksIsInvalidUntilFixedAndItsAlarmsReachTheMachinesFile() {
    client.resource(site("plant-1", NS)).create();
    Machine press = machine("press-01", NS, "pressing", "line-1");
    io.millwright.operator.machine.AlarmSpec alarm = new io.millwright.operator.machine.AlarmSpec();
    alarm.tag = "hydraulics/oil-pressure";
    alarm.high = 180.0;
    press.getSpec().alarms = List.of(alarm);
    client.resource(press).create();
    operator = startOperator();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Machine m =
                  client.resources(Machine.class).inNamespace(NS).withName("press-01").get();
              assertThat(m.getStatus()).isNotNull();
              assertThat(m.getStatus().phase).isEqualTo("Invalid");
              assertThat(m.getStatus().message)
                  .isEqualTo(
                      "spec.alarms[0].tag: \"hydraulics/oil-pressure\" is not one of the"
                          + " machine's tags");
            });
    assertThat(deployment("plant-1-connector-press-01")).isNull();

    Machine fixed = client.resources(Machine.class).inNamespace(NS).withName("press-01").get();
    fixed.getSpec().alarms.get(0).tag = "hydraulics/oil-temperature";
    client.resource(fixed).update();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(deployment("plant-1-connector-press-01")).isNotNull();
              assertThat(
                      client
                          .resources(Machine.class)
                          .inNamespace(NS)
                          .withName("press-01")
                          .get()
                          .getStatus()
                          .phase)
                  .isNotEqualTo("Invalid");
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(NS)
                          .withName("plant-1-machines")
                          .get()
                          .getData()
                          .get("machines.yaml"))
                  .contains("alarms:", "tag: hydraulics/oil-temperature", "high: 180.0");
            });
  }

  @Test
  void aSecretWrittenInTheSitesAlarmsSectionMakesItInvalidAndChangesNothing() {
    client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    operator = startOperator();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployment("plant-1-connector-press-01") != null);
    Map<String, String> before = versions();

    io.millwright.operator.site.SiteSpec.Webhook hook =
        new io.millwright.operator.site.SiteSpec.Webhook();
    hook.name = "maintenance";
    hook.url = "https://hooks.example.com/alarms";
    hook.headers = Map.of("Authorization", "Bearer s3cr3t");
    updateSite(
        s -> {
          s.getSpec().alarms = new io.millwright.operator.site.SiteSpec.Alarms();
          s.getSpec().alarms.notifications =
              new io.millwright.operator.site.SiteSpec.Notifications();
          s.getSpec().alarms.notifications.webhooks = List.of(hook);
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Site s = client.resources(Site.class).inNamespace(NS).withName("plant-1").get();
              assertThat(s.getStatus().phase).isEqualTo("Invalid");
              assertThat(s.getStatus().message)
                  .startsWith(
                      "spec.alarms.notifications.webhooks[0].headers.Authorization: is written in"
                          + " the Site")
                  .doesNotContain("s3cr3t");
            });
    assertThat(versions()).isEqualTo(before);
    assertThat(client.configMaps().inNamespace(NS).withName("plant-1-config").get()).isNull();
  }

  /** A jobs section with a REST ERP and its token from the Secret erp-secrets. */
  private static io.millwright.operator.site.SiteSpec.Jobs jobsWithErp(String token) {
    io.millwright.operator.site.SiteSpec.Jobs jobs =
        new io.millwright.operator.site.SiteSpec.Jobs();
    jobs.release = "auto";
    jobs.erp = new io.millwright.operator.site.SiteSpec.Erp();
    jobs.erp.type = "rest";
    jobs.erp.url = "https://erp.example.com/api/millwright";
    jobs.erp.token = token;
    io.millwright.operator.site.SiteSpec.SecretEnv env =
        new io.millwright.operator.site.SiteSpec.SecretEnv();
    env.name = "ERP_TOKEN";
    env.secretKeyRef =
        new io.fabric8.kubernetes.api.model.SecretKeySelector("token", "erp-secrets", false);
    jobs.secretEnv = List.of(env);
    return jobs;
  }

  @Test
  void aSecretWrittenInTheSitesJobsSectionMakesItInvalidAndChangesNothing() {
    client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    operator = startOperator();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployment("plant-1-connector-press-01") != null);
    Map<String, String> before = versions();

    updateSite(s -> s.getSpec().jobs = jobsWithErp("s3cr3t-token"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Site s = client.resources(Site.class).inNamespace(NS).withName("plant-1").get();
              assertThat(s.getStatus().phase).isEqualTo("Invalid");
              assertThat(s.getStatus().message)
                  .startsWith("spec.jobs.erp.token: is written in the Site")
                  .doesNotContain("s3cr3t");
            });
    assertThat(versions()).isEqualTo(before);
    assertThat(client.configMaps().inNamespace(NS).withName("plant-1-config").get()).isNull();
  }

  @Test
  void aSplitSiteRunsTheJobsRoleInItsStatefulSetAndItsErpEgressGoesWithTheErp() {
    Site split = site("plant-1", NS);
    split.getSpec().mode = "split";
    split.getSpec().jobs = jobsWithErp("${ERP_TOKEN}");
    client.resource(split).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    operator = startOperator();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      client.apps().statefulSets().inNamespace(NS).withName("plant-1-jobs").get())
                  .isNotNull();
              assertThat(erpPolicy()).isNotNull();
              assertThat(deployment("plant-1-connector-press-01")).isNotNull();
            });
    StatefulSet jobs = client.apps().statefulSets().inNamespace(NS).withName("plant-1-jobs").get();
    assertThat(jobs.getSpec().getReplicas()).isEqualTo(1);
    assertThat(jobs.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("ERP_TOKEN"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("erp-secrets"));
    assertThat(
            deployment("plant-1-connector-press-01")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .noneMatch(e -> e.getName().equals("ERP_TOKEN"));
    assertThat(client.configMaps().inNamespace(NS).withName("plant-1-config").get().getData())
        .containsOnlyKeys("millwright.yaml")
        .hasEntrySatisfying("millwright.yaml", text -> assertThat(text).contains("${ERP_TOKEN}"));

    // Without the ERP the role takes jobs through its API only, and needs no way out.
    updateSite(s -> s.getSpec().jobs.erp = null);
    await().atMost(Duration.ofSeconds(30)).until(() -> erpPolicy() == null);
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("plant-1-jobs").get())
        .isNotNull();
  }

  private io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy erpPolicy() {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(NS)
        .withName("plant-1-allow-erp")
        .get();
  }

  @Test
  void aMachineStatusComesFromItsConnectorPodsHealth() {
    client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    metricsBody =
        """
        # HELP millwright_machine_connected whether the link is up
        # TYPE millwright_machine_connected gauge
        millwright_machine_connected{machine="press-01",protocol="modbus"} 1.0
        # TYPE millwright_machine_samples_total counter
        millwright_machine_samples_total{machine="press-01",protocol="modbus"} 1200.0
        # TYPE millwright_machine_last_good_read_age_seconds gauge
        millwright_machine_last_good_read_age_seconds{machine="press-01",protocol="modbus"} 0.25
        """;
    // No kubelet here: the pod the Deployment would start is written as the kubelet reports it.
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("plant-1-connector-press-01-abc")
                .withNamespace(NS)
                .addToLabels(Crds.COMPONENT, "connector")
                .addToLabels("machine.millwright.io/press-01", "connector")
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .endStatus()
                .build())
        .create();
    operator = startOperator();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Machine m =
                  client.resources(Machine.class).inNamespace(NS).withName("press-01").get();
              assertThat(m.getStatus()).isNotNull();
              assertThat(m.getStatus().phase).isEqualTo("Running");
              assertThat(m.getStatus().connected).isTrue();
              assertThat(m.getStatus().connector).isEqualTo("plant-1-connector-press-01-abc");
              assertThat(m.getStatus().lastSample).isNotNull();
            });
  }

  @Test
  void aSecondSiteInTheNamespaceIsRefusedAndTheFirstKeepsRunning() {
    client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    operator = startOperator();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployment("plant-1-connector-press-01") != null);

    client.resource(site("plant-2", NS)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Site second = client.resources(Site.class).inNamespace(NS).withName("plant-2").get();
              assertThat(second.getStatus()).isNotNull();
              assertThat(second.getStatus().phase).isEqualTo("Invalid");
              assertThat(second.getStatus().message).contains("plant-1 is the site of plant");
            });
    // The first still reconciles: a new machine gets its connector.
    client.resource(machine("press-02", NS, "pressing", "line-1")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployment("plant-1-connector-press-02") != null);
    assertThat(
            client
                .resources(Site.class)
                .inNamespace(NS)
                .withName("plant-1")
                .get()
                .getStatus()
                .phase)
        .isNotEqualTo("Invalid");
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("plant-2").get()).isNull();
  }

  @Test
  void aNewVolumeSizeKeepsTheRunningVolumeAndSaysSo() {
    client.resource(site("plant-1", NS)).create();
    client.resource(machine("press-01", NS, "pressing", "line-1")).create();
    operator = startOperator();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.apps().statefulSets().inNamespace(NS).withName("plant-1").get() != null);

    updateSite(
        site -> {
          site.getSpec().historian = new io.millwright.operator.site.SiteSpec.Historian();
          site.getSpec().historian.storage = "20Gi";
        });
    // The rest of the site still follows its spec: a new machine gets its connector.
    client.resource(machine("press-02", NS, "pressing", "line-1")).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(deployment("plant-1-connector-press-02")).isNotNull();
              Site s = client.resources(Site.class).inNamespace(NS).withName("plant-1").get();
              assertThat(s.getStatus().message).contains("StatefulSet/plant-1: its volume");
            });
    StatefulSet central = client.apps().statefulSets().inNamespace(NS).withName("plant-1").get();
    assertThat(
            central
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("10Gi");
  }
}
