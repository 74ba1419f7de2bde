package io.millwright.operator.site;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.site;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.millwright.operator.Crds;
import io.millwright.operator.machine.MachineValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Site's {@code jobs} section: checked as the app's configuration loader checks it, written
 * into the jobs pods' millwright.yaml only, its ERP secret passed only as a reference to a Secret;
 * the jobs role's workload in every mode, and the egress to the ERP.
 */
class SiteJobsTest {

  private static final MachineValidation VALIDATION = new MachineValidation(NO_PROTOCOL_CHECK);

  /** The golden site of the mode, with the full jobs section (an ERP database at an address). */
  private static Site siteWithJobs(String mode) {
    Site site = SiteResourcesGoldenTest.siteFor(mode);
    site.getSpec().jobs = SiteResourcesGoldenTest.jobs();
    return site;
  }

  private static List<HasMetadata> render(Site site) {
    return SiteResources.desired(SitePlan.of(site, SiteResourcesGoldenTest.machines(), VALIDATION));
  }

  private static String problem(Consumer<SiteSpec.Jobs> change) {
    Site site = site("plant-1", "ns");
    site.getSpec().jobs = SiteResourcesGoldenTest.jobs();
    change.accept(site.getSpec().jobs);
    return SitePlan.of(site, List.of(), VALIDATION).problem();
  }

  /** A REST ERP instead of the fixture's database. */
  private static void rest(SiteSpec.Jobs jobs) {
    jobs.erp.type = "rest";
    jobs.erp.url = "https://erp.example.com/api/millwright";
    jobs.erp.user = null;
    jobs.erp.password = null;
    jobs.erp.ordersTable = null;
    jobs.erp.token = "${ERP_TOKEN}";
    jobs.secretEnv.get(0).name = "ERP_TOKEN";
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> objects, Class<T> kind, String name) {
    return objects.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  private static Map<String, PodTemplateSpec> pods(List<HasMetadata> objects) {
    Map<String, PodTemplateSpec> out = new TreeMap<>();
    for (HasMetadata o : objects) {
      if (o instanceof StatefulSet s) {
        out.put(o.getMetadata().getName(), s.getSpec().getTemplate());
      } else if (o instanceof Deployment d) {
        out.put(o.getMetadata().getName(), d.getSpec().getTemplate());
      }
    }
    return out;
  }

  private static List<EnvVar> env(PodTemplateSpec pod) {
    return pod.getSpec().getContainers().get(0).getEnv();
  }

  private static String value(PodTemplateSpec pod, String name) {
    return env(pod).stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Pod name to the key of {@code <site>-config} it sees as its millwright.yaml. */
  private static Map<String, String> configKeys(List<HasMetadata> objects) {
    Map<String, String> keys = new TreeMap<>();
    pods(objects)
        .forEach(
            (name, pod) -> {
              Volume v =
                  pod.getSpec().getVolumes().stream()
                      .filter(x -> x.getName().equals("machines"))
                      .findFirst()
                      .orElse(null);
              if (v != null && v.getProjected() != null) {
                var item = v.getProjected().getSources().get(1).getConfigMap().getItems().get(0);
                assertThat(item.getPath()).isEqualTo("millwright.yaml");
                keys.put(name, item.getKey());
              }
            });
    return keys;
  }

  @Test
  void theSectionIsValidAndWrittenAsTheConfigFilesJobsSection() throws Exception {
    Site site = site("plant-1", "ns");
    site.getSpec().jobs = SiteResourcesGoldenTest.jobs();
    // Keys in another order than the file's: the file's order must not depend on the API server's.
    site.getSpec().jobs.products =
        new java.util.LinkedHashMap<>(
            Map.of("SHAFT-7", List.of("cnc-01"), "BRACKET-A", List.of("press-01", "press-02")));
    SitePlan plan = SitePlan.of(site, List.of(), VALIDATION);
    assertThat(plan.problem()).isNull();
    // No oee section: pods without the jobs role read no configuration file at all.
    assertThat(plan.configFile(true, false)).isNull();
    assertThat(plan.configFile(false, false)).isNull();
    JsonNode file = SiteResources.YAML.readTree(plan.configFile(false, true));
    assertThat(file.fieldNames()).toIterable().containsExactly("jobs");
    JsonNode jobs = file.get("jobs");
    assertThat(jobs.fieldNames())
        .toIterable()
        .containsExactly(
            "release",
            "dispatch",
            "dispatchTimeout",
            "dispatchAttempts",
            "progressInterval",
            "products",
            "groups",
            "retention",
            "erp");
    assertThat(jobs.get("release").asText()).isEqualTo("auto");
    assertThat(jobs.get("dispatchAttempts").isInt()).isTrue();
    assertThat(jobs.get("products").toString())
        .isEqualTo("{\"BRACKET-A\":[\"press-01\",\"press-02\"],\"SHAFT-7\":[\"cnc-01\"]}");
    assertThat(jobs.get("groups").toString())
        .isEqualTo("{\"presses\":[\"press-01\",\"press-02\",\"press-03\"]}");
    JsonNode erp = jobs.get("erp");
    assertThat(erp.fieldNames())
        .toIterable()
        .containsExactly("type", "url", "user", "password", "ordersTable", "pollInterval");
    assertThat(erp.get("url").asText()).isEqualTo("jdbc:postgresql://10.0.5.40:5432/middleware");
    // The reference, for the app to replace from its environment; never a value.
    assertThat(erp.get("password").asText()).isEqualTo("${ERP_DB_PASSWORD}");
    // The pods' environment is not the file's business.
    assertThat(plan.configFile(false, true)).doesNotContain("secretEnv", "plant-1-erp");
  }

  @Test
  void aRestErpsFieldsAndWebhookAreWrittenAsGiven() throws Exception {
    Site site = site("plant-1", "ns");
    site.getSpec().jobs = SiteResourcesGoldenTest.jobs();
    rest(site.getSpec().jobs);
    site.getSpec().jobs.erp.fields = Map.of("quantity", "qty", "orderNumber", "order_no");
    site.getSpec().jobs.erp.webhook = false;
    SitePlan plan = SitePlan.of(site, List.of(), VALIDATION);
    assertThat(plan.problem()).isNull();
    JsonNode erp = SiteResources.YAML.readTree(plan.configFile(false, true)).get("jobs").get("erp");
    assertThat(erp.get("token").asText()).isEqualTo("${ERP_TOKEN}");
    assertThat(erp.get("fields").toString())
        .isEqualTo("{\"orderNumber\":\"order_no\",\"quantity\":\"qty\"}");
    assertThat(erp.get("webhook").isBoolean()).isTrue();
    assertThat(erp.get("webhook").asBoolean()).isFalse();
  }

  @Test
  void secretsWrittenInTheSiteAreRefused() {
    assertThat(problem(j -> j.erp.password = "hunter2"))
        .isEqualTo(
            "spec.jobs.erp.password: is written in the Site, which is stored and shown in clear:"
                + " put it in a Secret, name it in spec.jobs.secretEnv and write ${NAME} here");
    assertThat(
            problem(
                j -> {
                  rest(j);
                  j.erp.token = "eyJhbGciOi.s3cr3t";
                }))
        .startsWith("spec.jobs.erp.token: is written in the Site")
        .doesNotContain("s3cr3t");
    assertThat(problem(j -> j.erp.password = "${ERP_PASS}"))
        .isEqualTo(
            "spec.jobs.erp.password: refers to ${ERP_PASS}, which spec.jobs.secretEnv does not"
                + " declare; add {name: ERP_PASS, secretKeyRef: {name: <Secret>, key: <key>}}");
    // A variable the alarms section declares goes to the alarms pods, not the jobs pods.
    Site site = site("plant-1", "ns");
    site.getSpec().alarms = SiteResourcesGoldenTest.alarms();
    site.getSpec().alarms.secretEnv.add(SiteResourcesGoldenTest.jobs().secretEnv.get(0));
    site.getSpec().jobs = SiteResourcesGoldenTest.jobs();
    site.getSpec().jobs.secretEnv = null;
    assertThat(SitePlan.of(site, List.of(), VALIDATION).problem())
        .startsWith("spec.jobs.erp.password: refers to ${ERP_DB_PASSWORD}, which spec.jobs");
    assertThat(problem(j -> j.secretEnv.get(0).name = "MILLWRIGHT_ADMIN_PASSWORD"))
        .startsWith("spec.jobs.secretEnv[0].name: MILLWRIGHT_ variables are Millwright's");
    assertThat(problem(j -> j.secretEnv.add(j.secretEnv.get(0))))
        .isEqualTo("spec.jobs.secretEnv[1].name: ERP_DB_PASSWORD is declared twice");
    assertThat(problem(j -> j.secretEnv.get(0).secretKeyRef.setName(" ")))
        .isEqualTo("spec.jobs.secretEnv[0].secretKeyRef: name the Secret and its key");
    // Credentials in the URL, which goes to a ConfigMap.
    assertThat(
            problem(
                j -> {
                  rest(j);
                  j.erp.url = "https://millwright:s3cr3t@erp.example.com/api";
                }))
        .isEqualTo(
            "spec.jobs.erp.url: must not hold credentials; use token: \"${ERP_TOKEN}\" and"
                + " secretEnv");
    assertThat(problem(j -> j.erp.url = "jdbc:postgresql://db:5432/erp?password=s3cr3t"))
        .startsWith("spec.jobs.erp.url: must not hold the password")
        .doesNotContain("s3cr3t");
  }

  @Test
  void theSectionIsCheckedWithTheConfigurationLoadersRules() {
    assertThat(problem(j -> j.release = "sometimes"))
        .isEqualTo("spec.jobs.release: must be auto or manual, not \"sometimes\"");
    assertThat(problem(j -> j.dispatch = "Auto"))
        .isEqualTo("spec.jobs.dispatch: must be auto or manual, not \"Auto\"");
    assertThat(problem(j -> j.dispatchTimeout = "20m"))
        .isEqualTo("spec.jobs.dispatchTimeout: must be from 100ms to 10m");
    assertThat(problem(j -> j.dispatchTimeout = "soon")).startsWith("spec.jobs.dispatchTimeout: ");
    assertThat(problem(j -> j.dispatchAttempts = 0))
        .isEqualTo("spec.jobs.dispatchAttempts: must be a whole number from 1 to 20");
    assertThat(problem(j -> j.progressInterval = "500ms"))
        .isEqualTo("spec.jobs.progressInterval: must be at least 1s");
    assertThat(problem(j -> j.retention = "12h"))
        .isEqualTo("spec.jobs.retention: must be at least 1d");
    assertThat(problem(j -> j.products.put("BRACKET-B", List.of())))
        .isEqualTo("spec.jobs.products.BRACKET-B: lists no machine");
    assertThat(problem(j -> j.groups.put("Big Presses", List.of("press-01"))))
        .startsWith("spec.jobs.groups.Big Presses: ");
    assertThat(problem(j -> j.erp.type = "soap"))
        .isEqualTo("spec.jobs.erp.type: must be rest or sql");
    assertThat(problem(j -> j.erp.url = null)).isEqualTo("spec.jobs.erp.url: is missing");
    assertThat(problem(j -> j.erp.url = "jdbc:oracle:thin:@erp:1521/prod"))
        .isEqualTo(
            "spec.jobs.erp.url: write jdbc:postgresql://host:5432/database,"
                + " jdbc:mariadb://host:3306/database or jdbc:mysql://host:3306/database (one"
                + " host), not jdbc:oracle:thin:@erp:1521/prod");
    assertThat(problem(j -> j.erp.token = "${ERP_DB_PASSWORD}"))
        .isEqualTo("spec.jobs.erp.token: is for type rest");
    assertThat(
            problem(
                j -> {
                  rest(j);
                  j.erp.url = "ftp://erp.example.com/orders";
                }))
        .isEqualTo("spec.jobs.erp.url: must be an http or https URL");
    assertThat(
            problem(
                j -> {
                  rest(j);
                  j.erp.ordersTable = "orders";
                }))
        .isEqualTo("spec.jobs.erp.ordersTable: is for type sql");
    assertThat(
            problem(
                j -> {
                  rest(j);
                  j.erp.fields = Map.of("dueDate", "due");
                }))
        .startsWith("spec.jobs.erp.fields.dueDate: is not an order field; one of ")
        .contains("orderNumber");
    assertThat(problem(j -> j.erp.pollInterval = "10ms"))
        .isEqualTo("spec.jobs.erp.pollInterval: must be at least 100ms");
  }

  @Test
  void aRefusedSectionMakesTheSiteInvalidAndRendersNothing() {
    Site site = siteWithJobs("split");
    site.getSpec().jobs.retention = "forever";
    SitePlan plan = SitePlan.of(site, SiteResourcesGoldenTest.machines(), VALIDATION);
    assertThat(plan.problem()).startsWith("spec.jobs.retention: ");
    assertThat(SiteResources.desired(plan)).isEmpty();
  }

  @Test
  void singleModeRunsTheJobsRoleInTheCentralPodWithItsSecretAndTheFullFile() {
    List<HasMetadata> objects = render(siteWithJobs("single"));
    PodTemplateSpec pod = pods(objects).get("plant-1");
    assertThat(value(pod, "MILLWRIGHT_ROLES")).isEqualTo("broker,historian,oee,alarms,jobs,web");
    assertThat(env(pod))
        .filteredOn(e -> e.getName().equals("ERP_DB_PASSWORD"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("plant-1-erp"));
    assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("plant-1-jobs"));
    ConfigMap config = named(objects, ConfigMap.class, "plant-1-config");
    assertThat(config.getData().keySet())
        .containsExactly("millwright.yaml", "millwright-without-alarms-jobs.yaml");
    assertThat(config.getData().get("millwright.yaml")).contains("\nalarms:\n", "\njobs:\n");
    Map<String, String> keys = configKeys(objects);
    assertThat(keys.remove("plant-1")).isEqualTo("millwright.yaml");
    assertThat(keys).isNotEmpty();
    assertThat(keys.values()).containsOnly("millwright-without-alarms-jobs.yaml");
  }

  @ParameterizedTest
  @ValueSource(strings = {"split", "distributed"})
  void splitModesRunTheJobsRoleInItsOwnStatefulSetWithAJournalVolume(String mode) {
    List<HasMetadata> objects = render(siteWithJobs(mode));
    StatefulSet jobs = named(objects, StatefulSet.class, "plant-1-jobs");
    assertThat(jobs.getMetadata().getLabels()).containsEntry(Crds.COMPONENT, "jobs");
    // The journal is one H2 file with one writer.
    assertThat(jobs.getSpec().getReplicas()).isEqualTo(1);
    PodTemplateSpec pod = jobs.getSpec().getTemplate();
    assertThat(value(pod, "MILLWRIGHT_ROLES")).isEqualTo("jobs");
    assertThat(value(pod, "MILLWRIGHT_MACHINES")).isEqualTo("/etc/millwright/machines.yaml");
    assertThat(value(pod, "MILLWRIGHT_MQTT_URL")).isNotNull();
    assertThat(jobs.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            pvc -> {
              assertThat(pvc.getMetadata().getName()).isEqualTo("data");
              assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
                  .isEqualTo(SitePlan.JOBS_STORAGE);
            });
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getArgs())
        .containsExactly("run", "--config", "/etc/millwright/millwright.yaml");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    Service service = named(objects, Service.class, "plant-1-jobs");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(jobs.getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
    // The other central pods keep their one role each.
    assertThat(value(pods(objects).get("plant-1-alarms"), "MILLWRIGHT_ROLES")).isEqualTo("alarms");
  }

  @Test
  void withoutAJobsSectionTheJobsRoleStillRunsAndReadsTheOthersFile() {
    // The golden split site has oee and alarms sections, no jobs section.
    List<HasMetadata> objects = render(SiteResourcesGoldenTest.siteFor("split"));
    assertThat(named(objects, StatefulSet.class, "plant-1-jobs")).isNotNull();
    Map<String, String> keys = configKeys(objects);
    assertThat(keys).containsEntry("plant-1-alarms", "millwright.yaml");
    assertThat(keys).containsEntry("plant-1-jobs", "millwright-without-alarms.yaml");
    assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("plant-1-allow-erp"));
  }

  @Test
  void theSecretReachesOnlyTheJobsPodAndOnlyAsAReferenceToASecret() {
    Map<String, PodTemplateSpec> pods = pods(render(siteWithJobs("distributed")));
    assertThat(env(pods.get("plant-1-jobs")))
        .filteredOn(e -> e.getName().equals("ERP_DB_PASSWORD"))
        .extracting(
            e ->
                e.getValue()
                    + "<-"
                    + e.getValueFrom().getSecretKeyRef().getName()
                    + "/"
                    + e.getValueFrom().getSecretKeyRef().getKey())
        .containsExactly("null<-plant-1-erp/password");
    List<String> others = new ArrayList<>();
    pods.forEach(
        (name, pod) -> {
          if (!name.equals("plant-1-jobs")) {
            env(pod).stream()
                .filter(e -> e.getName().equals("ERP_DB_PASSWORD"))
                .forEach(e -> others.add(name));
          }
        });
    assertThat(others).isEmpty();
    assertThat(pods).containsKeys("plant-1-historian", "plant-1-oee", "plant-1-alarms");
  }

  @Test
  void onlyTheJobsPodReadsTheJobsSection() {
    List<HasMetadata> objects = render(siteWithJobs("split"));
    ConfigMap config = named(objects, ConfigMap.class, "plant-1-config");
    assertThat(config.getData().keySet())
        .containsExactly(
            "millwright-without-alarms.yaml",
            "millwright-without-jobs.yaml",
            "millwright-without-alarms-jobs.yaml");
    config
        .getData()
        .forEach(
            (key, text) -> {
              if (key.contains("jobs")) {
                assertThat(text).doesNotContain("jobs:", "ERP_DB_PASSWORD");
              } else {
                assertThat(text).contains("\njobs:\n", "${ERP_DB_PASSWORD}");
              }
            });
    Map<String, String> keys = configKeys(objects);
    assertThat(keys.remove("plant-1-jobs")).isEqualTo("millwright-without-alarms.yaml");
    assertThat(keys.remove("plant-1-alarms")).isEqualTo("millwright-without-jobs.yaml");
    // The historian, the oee role and the connectors.
    assertThat(keys).containsKeys("plant-1-historian", "plant-1-oee").hasSizeGreaterThan(2);
    assertThat(keys.values()).containsOnly("millwright-without-alarms-jobs.yaml");
  }

  @Test
  void aChangedJobsSectionRollsOnlyTheJobsPod() {
    Map<String, PodTemplateSpec> before = pods(render(siteWithJobs("split")));
    Site site = siteWithJobs("split");
    site.getSpec().jobs.release = "manual";
    Map<String, PodTemplateSpec> after = pods(render(site));
    List<String> rolled = new ArrayList<>();
    before.forEach(
        (name, pod) -> {
          if (!pod.equals(after.get(name))) {
            rolled.add(name);
          }
        });
    assertThat(rolled).containsExactly("plant-1-jobs");
  }

  private static String rules(NetworkPolicy policy) {
    return policy.getSpec().getEgress().stream()
        .map(
            r ->
                r.getPorts().get(0).getPort().getIntVal()
                    + (r.getTo() == null || r.getTo().isEmpty()
                        ? " anywhere"
                        : " to " + r.getTo().get(0).getIpBlock().getCidr()))
        .toList()
        .toString();
  }

  @Test
  void anErpOpensEgressForTheJobsPodToItsPortOnly() {
    NetworkPolicy database =
        named(render(siteWithJobs("distributed")), NetworkPolicy.class, "plant-1-allow-erp");
    assertThat(database.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of(Crds.SITE, "plant-1", Crds.COMPONENT, "jobs"));
    assertThat(database.getSpec().getPolicyTypes()).containsExactly("Egress");
    // An address: only it.
    assertThat(rules(database)).isEqualTo("[5432 to 10.0.5.40/32]");

    Site mariadb = siteWithJobs("split");
    mariadb.getSpec().jobs.erp.url = "jdbc:mariadb://erp-db.plant.local/middleware";
    assertThat(rules(named(render(mariadb), NetworkPolicy.class, "plant-1-allow-erp")))
        .isEqualTo("[3306 anywhere]");

    // Single mode: the central pod runs the role.
    Site single = siteWithJobs("single");
    rest(single.getSpec().jobs);
    NetworkPolicy api = named(render(single), NetworkPolicy.class, "plant-1-allow-erp");
    assertThat(api.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of(Crds.SITE, "plant-1", Crds.COMPONENT, "site"));
    // A host name: its port anywhere (a policy cannot name a DNS name).
    assertThat(rules(api)).isEqualTo("[443 anywhere]");
  }

  @Test
  void withoutAnErpTheJobsRoleGetsNoWayOut() {
    // The golden single site's jobs section has products only.
    List<HasMetadata> objects = render(SiteResourcesGoldenTest.siteFor("single"));
    assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("plant-1-allow-erp"));
    assertThat(value(pods(objects).get("plant-1"), "MILLWRIGHT_ROLES")).contains(",jobs");
  }

  /** What `millwright operator render` prints for the example site and machines. */
  @Test
  void theExampleSiteRunsTheJobsRoleWithItsErpTokenFromASecret() throws Exception {
    // Tests run in the module's directory.
    java.nio.file.Path examples = java.nio.file.Path.of("..", "deploy", "examples");
    io.millwright.operator.Render.Rendering r =
        io.millwright.operator.Render.render(
            List.of(examples.resolve("site.yaml"), examples.resolve("machines.yaml")),
            NO_PROTOCOL_CHECK);
    assertThat(r.invalidMachines()).isEmpty();
    List<HasMetadata> objects = r.objects();
    Map<String, PodTemplateSpec> pods = pods(objects);
    PodTemplateSpec central = pods.remove("plant-1");
    assertThat(value(central, "MILLWRIGHT_ROLES")).contains("jobs");
    assertThat(env(central))
        .filteredOn(e -> e.getName().equals("ERP_TOKEN"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("erp-secrets");
            });
    assertThat(pods).isNotEmpty();
    pods.values().forEach(p -> assertThat(env(p)).noneMatch(e -> e.getName().equals("ERP_TOKEN")));
    JsonNode jobs =
        SiteResources.YAML
            .readTree(
                named(objects, ConfigMap.class, "plant-1-config").getData().get("millwright.yaml"))
            .get("jobs");
    assertThat(jobs.get("release").asText()).isEqualTo("auto");
    assertThat(jobs.get("erp").get("type").asText()).isEqualTo("rest");
    assertThat(jobs.get("erp").get("token").asText()).isEqualTo("${ERP_TOKEN}");
    assertThat(rules(named(objects, NetworkPolicy.class, "plant-1-allow-erp")))
        .isEqualTo("[443 anywhere]");
  }
}
