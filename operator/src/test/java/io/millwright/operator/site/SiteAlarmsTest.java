package io.millwright.operator.site;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.site;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.millwright.operator.Crds;
import io.millwright.operator.machine.MachineValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Site's {@code alarms} section: checked as the alarms role would check it, written into the
 * alarms pods' millwright.yaml, its secrets passed only as references to Secrets; and the alarms
 * role's workload in every mode.
 */
class SiteAlarmsTest {

  private static final MachineValidation VALIDATION = new MachineValidation(NO_PROTOCOL_CHECK);

  private static List<HasMetadata> render(String mode) {
    return SiteResources.desired(
        SitePlan.of(
            SiteResourcesGoldenTest.siteFor(mode), SiteResourcesGoldenTest.machines(), VALIDATION));
  }

  private static String problem(Consumer<SiteSpec.Alarms> change) {
    Site site = site("plant-1", "ns");
    site.getSpec().alarms = SiteResourcesGoldenTest.alarms();
    change.accept(site.getSpec().alarms);
    return SitePlan.of(site, List.of(), VALIDATION).problem();
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
    Map<String, PodTemplateSpec> out = new java.util.TreeMap<>();
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

  @Test
  void theSectionIsValidAndWrittenAsTheConfigFilesAlarmsSection() throws Exception {
    Site site = site("plant-1", "ns");
    site.getSpec().alarms = SiteResourcesGoldenTest.alarms();
    SitePlan plan = SitePlan.of(site, List.of(), VALIDATION);
    assertThat(plan.problem()).isNull();
    // No oee section: the pods without the alarms role read no configuration file at all.
    assertThat(plan.configFile()).isNull();
    JsonNode file = SiteResources.YAML.readTree(plan.alarmsConfigFile());
    assertThat(file.fieldNames()).toIterable().containsExactly("alarms");
    JsonNode alarms = file.get("alarms");
    assertThat(alarms.fieldNames())
        .toIterable()
        .containsExactly("definitions", "operators", "retention", "notifications");
    assertThat(alarms.get("definitions").get(1).get("machines").asText()).isEqualTo("press-*");
    assertThat(alarms.get("definitions").get(1).get("inArea").asText()).isEqualTo("pressing");
    assertThat(alarms.get("definitions").get(1).get("tags").asText()).isEqualTo("hydraulics/*");
    assertThat(alarms.get("definitions").get(1).get("high").asDouble()).isEqualTo(80);
    assertThat(alarms.get("definitions").get(0).get("commsLost").asBoolean()).isTrue();
    assertThat(alarms.get("operators").toString()).isEqualTo("{\"machining\":1,\"pressing\":2}");
    assertThat(alarms.get("retention").asText()).isEqualTo("400d");
    JsonNode webhook = alarms.get("notifications").get("webhooks").get(0);
    assertThat(webhook.get("url").asText()).isEqualTo("https://hooks.example.com/alarms");
    assertThat(webhook.get("minPriority").asText()).isEqualTo("high");
    // The reference, for the app to replace from its environment; never a value.
    assertThat(webhook.get("headers").get("Authorization").asText())
        .isEqualTo("Bearer ${WEBHOOK_TOKEN}");
    JsonNode email = alarms.get("notifications").get("email");
    assertThat(email.get("password").asText()).isEqualTo("${SMTP_PASSWORD}");
    assertThat(email.get("to").toString()).isEqualTo("[\"maintenance@plant.local\"]");
    // The pods' environment is not the file's business.
    assertThat(plan.alarmsConfigFile()).doesNotContain("secretEnv", "plant-1-alarms");
  }

  @Test
  void withAnOeeSectionTheAlarmsFileCarriesBothAndTheOthersOnlyOee() {
    SitePlan plan =
        SitePlan.of(
            SiteResourcesGoldenTest.siteFor("split"),
            SiteResourcesGoldenTest.machines(),
            VALIDATION);
    assertThat(plan.configFile()).startsWith("oee:\n").doesNotContain("alarms:");
    assertThat(plan.alarmsConfigFile()).startsWith(plan.configFile()).contains("\nalarms:\n");
  }

  @Test
  void secretsWrittenInTheSiteAreRefused() {
    assertThat(
            problem(
                a ->
                    a.notifications.webhooks.get(0).headers =
                        Map.of("Authorization", "Bearer s3cr3t")))
        .isEqualTo(
            "spec.alarms.notifications.webhooks[0].headers.Authorization: is written in the Site,"
                + " which is stored and shown in clear: put it in a Secret, name it in"
                + " spec.alarms.secretEnv and write ${NAME} here");
    assertThat(problem(a -> a.notifications.email.password = "hunter2"))
        .startsWith("spec.alarms.notifications.email.password: is written in the Site")
        .doesNotContain("hunter2");
    assertThat(problem(a -> a.notifications.email.password = "${SMTP_PASS}"))
        .isEqualTo(
            "spec.alarms.notifications.email.password: refers to ${SMTP_PASS}, which"
                + " spec.alarms.secretEnv does not declare; add {name: SMTP_PASS, secretKeyRef:"
                + " {name: <Secret>, key: <key>}}");
    assertThat(problem(a -> a.secretEnv.get(1).name = "MILLWRIGHT_ADMIN_PASSWORD"))
        .startsWith("spec.alarms.secretEnv[1].name: MILLWRIGHT_ variables are Millwright's");
    assertThat(problem(a -> a.secretEnv.get(1).name = "WEBHOOK_TOKEN"))
        .isEqualTo("spec.alarms.secretEnv[1].name: WEBHOOK_TOKEN is declared twice");
    assertThat(problem(a -> a.secretEnv.get(0).secretKeyRef.setKey(null)))
        .isEqualTo("spec.alarms.secretEnv[0].secretKeyRef: name the Secret and its key");
  }

  @Test
  void patternsAndChannelsAreCheckedWithTheRolesOwnClasses() {
    assertThat(problem(a -> a.definitions.get(1).highHigh = 70.0))
        .isEqualTo(
            "spec.alarms.definitions[1].high: 80.0 is not below highHigh (70.0): the limits are"
                + " inverted");
    assertThat(problem(a -> a.definitions.get(1).tag = "hydraulics/pressure"))
        .isEqualTo("spec.alarms.definitions[1].tag: a pattern names its tags with tags, not tag");
    assertThat(problem(a -> a.definitions.get(1).tags = null))
        .isEqualTo("spec.alarms.definitions[1].tags: is missing: a high alarm reads a tag");
    assertThat(problem(a -> a.definitions.get(0).machines = "Press_*"))
        .startsWith("spec.alarms.definitions[0].machines: ");
    assertThat(problem(a -> a.definitions.get(0).message = "lost {"))
        .startsWith("spec.alarms.definitions[0].message: ");
    assertThat(problem(a -> a.notifications.webhooks.get(0).url = "ftp://hooks.example.com/"))
        .isEqualTo("spec.alarms.notifications.webhooks[0].url: must be an http or https URL");
    assertThat(
            problem(
                a -> a.notifications.webhooks.get(0).headers = Map.of("Host", "${WEBHOOK_TOKEN}")))
        .isEqualTo(
            "spec.alarms.notifications.webhooks[0].headers.Host: is set by Millwright and cannot"
                + " be set");
    assertThat(problem(a -> a.notifications.email.to = List.of("not an address")))
        .startsWith("spec.alarms.notifications.email.to[0]: ");
    assertThat(problem(a -> a.notifications.email.name = "maintenance"))
        .isEqualTo(
            "spec.alarms.notifications.email.name: \"maintenance\" is already the name of"
                + " spec.alarms.notifications.webhooks[0]");
    assertThat(problem(a -> a.notifications.webhooks.get(0).transitions = List.of("raised")))
        .startsWith("spec.alarms.notifications.webhooks[0].transitions[0]: ");
    assertThat(problem(a -> a.operators = Map.of("pressing", 0)))
        .isEqualTo(
            "spec.alarms.operators.pressing: must be a whole number of operators from 1 to 1000");
    assertThat(problem(a -> a.retention = "12h"))
        .isEqualTo("spec.alarms.retention: must be at least 1d");
  }

  @Test
  void aRefusedSectionMakesTheSiteInvalidAndRendersNothing() {
    Site site = SiteResourcesGoldenTest.siteFor("split");
    site.getSpec().alarms.retention = "forever";
    SitePlan plan = SitePlan.of(site, SiteResourcesGoldenTest.machines(), VALIDATION);
    assertThat(plan.problem()).startsWith("spec.alarms.retention: ");
    assertThat(SiteResources.desired(plan)).isEmpty();
  }

  @Test
  void singleModeRunsTheAlarmsRoleInTheCentralPod() {
    PodTemplateSpec pod = pods(render("single")).get("plant-1");
    assertThat(value(pod, "MILLWRIGHT_ROLES")).isEqualTo("broker,historian,oee,alarms,jobs,web");
  }

  @ParameterizedTest
  @ValueSource(strings = {"split", "distributed"})
  void splitModesRunTheAlarmsRoleInItsOwnStatefulSetWithAJournalVolume(String mode) {
    List<HasMetadata> objects = render(mode);
    StatefulSet alarms = named(objects, StatefulSet.class, "plant-1-alarms");
    assertThat(alarms.getMetadata().getLabels()).containsEntry(Crds.COMPONENT, "alarms");
    PodTemplateSpec pod = alarms.getSpec().getTemplate();
    assertThat(value(pod, "MILLWRIGHT_ROLES")).isEqualTo("alarms");
    assertThat(value(pod, "MILLWRIGHT_MACHINES")).isEqualTo("/etc/millwright/machines.yaml");
    assertThat(value(pod, "MILLWRIGHT_MQTT_URL")).isNotNull();
    assertThat(alarms.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            pvc -> {
              assertThat(pvc.getMetadata().getName()).isEqualTo("data");
              assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
                  .isEqualTo(SitePlan.ALARMS_STORAGE);
            });
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(
            named(objects, io.fabric8.kubernetes.api.model.Service.class, "plant-1-alarms")
                .getSpec()
                .getSelector())
        .isEqualTo(alarms.getSpec().getSelector().getMatchLabels());
    // It answers to the broker like every pod of the site.
    var mqtt =
        named(
            objects,
            NetworkPolicy.class,
            mode.equals("split") ? "plant-1-allow-mqtt" : "plant-1-allow-broker");
    assertThat(pod.getMetadata().getLabels())
        .containsAllEntriesOf(mqtt.getSpec().getPodSelector().getMatchLabels());
  }

  @Test
  void secretsReachOnlyTheAlarmsPodAndOnlyAsReferencesToSecrets() {
    List<HasMetadata> objects = render("split");
    Map<String, PodTemplateSpec> pods = pods(objects);
    List<EnvVar> secrets =
        env(pods.get("plant-1-alarms")).stream()
            .filter(e -> List.of("WEBHOOK_TOKEN", "SMTP_PASSWORD").contains(e.getName()))
            .toList();
    assertThat(secrets)
        .extracting(
            e ->
                e.getName()
                    + "="
                    + e.getValue()
                    + "<-"
                    + e.getValueFrom().getSecretKeyRef().getName()
                    + "/"
                    + e.getValueFrom().getSecretKeyRef().getKey())
        .containsExactly(
            "WEBHOOK_TOKEN=null<-plant-1-alarms/webhook-token",
            "SMTP_PASSWORD=null<-plant-1-alarms/smtp-password");
    List<String> others = new ArrayList<>();
    pods.forEach(
        (name, pod) -> {
          if (!name.equals("plant-1-alarms")) {
            env(pod).stream()
                .filter(
                    e -> e.getName().equals("WEBHOOK_TOKEN") || e.getName().equals("SMTP_PASSWORD"))
                .forEach(e -> others.add(name + ":" + e.getName()));
          }
        });
    assertThat(others).isEmpty();
    assertThat(pods).containsKeys("plant-1-historian", "plant-1-oee", "plant-1-broker");
  }

  @Test
  void eachPodReadsItsOwnConfigFileAtTheSamePath() {
    List<HasMetadata> objects = render("split");
    ConfigMap config = named(objects, ConfigMap.class, "plant-1-config");
    assertThat(config.getData().keySet())
        .containsExactlyInAnyOrder("millwright.yaml", "millwright-without-alarms.yaml");
    assertThat(config.getData().get("millwright.yaml")).contains("\nalarms:\n");
    assertThat(config.getData().get("millwright-without-alarms.yaml")).doesNotContain("alarms");
    Map<String, String> keys = new java.util.TreeMap<>();
    pods(objects)
        .forEach(
            (name, pod) -> {
              Volume v =
                  pod.getSpec().getVolumes().stream()
                      .filter(x -> x.getName().equals("machines"))
                      .findFirst()
                      .orElse(null);
              if (v == null) {
                return;
              }
              var item = v.getProjected().getSources().get(1).getConfigMap().getItems().get(0);
              assertThat(item.getPath()).isEqualTo("millwright.yaml");
              keys.put(name, item.getKey());
              assertThat(pod.getSpec().getContainers().get(0).getArgs())
                  .containsExactly("run", "--config", "/etc/millwright/millwright.yaml");
            });
    assertThat(keys).containsEntry("plant-1-alarms", "millwright.yaml");
    keys.remove("plant-1-alarms");
    // The historian, the oee role and the connectors.
    assertThat(keys).containsKeys("plant-1-historian", "plant-1-oee").hasSizeGreaterThan(2);
    assertThat(keys.values()).containsOnly("millwright-without-alarms.yaml");
  }

  @Test
  void aChangedAlarmsSectionRollsOnlyTheAlarmsPod() {
    List<HasMetadata> before = render("split");
    Site site = SiteResourcesGoldenTest.siteFor("split");
    site.getSpec().alarms.retention = "90d";
    List<HasMetadata> after =
        SiteResources.desired(SitePlan.of(site, SiteResourcesGoldenTest.machines(), VALIDATION));
    Map<String, PodTemplateSpec> a = pods(before);
    Map<String, PodTemplateSpec> b = pods(after);
    List<String> rolled = new ArrayList<>();
    a.forEach(
        (name, pod) -> {
          if (!pod.equals(b.get(name))) {
            rolled.add(name);
          }
        });
    assertThat(rolled).containsExactly("plant-1-alarms");
  }

  @Test
  void notificationsOpenEgressForTheAlarmsPodToTheirPortsOnly() {
    List<HasMetadata> objects = render("split");
    NetworkPolicy policy = named(objects, NetworkPolicy.class, "plant-1-allow-notifications");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of(Crds.SITE, "plant-1", Crds.COMPONENT, "alarms"));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(policy.getSpec().getEgress())
        .extracting(
            r ->
                r.getPorts().get(0).getPort().getIntVal()
                    + (r.getTo() == null || r.getTo().isEmpty()
                        ? " anywhere"
                        : " to " + r.getTo().get(0).getIpBlock().getCidr()))
        // The webhook names a host: its port anywhere; the SMTP server an address: only it, on
        // starttls's 587.
        .containsExactlyInAnyOrder("443 anywhere", "587 to 10.0.5.25/32");
    // Patterns alone need no way out.
    assertThat(render("single"))
        .noneMatch(o -> o.getMetadata().getName().equals("plant-1-allow-notifications"));
  }

  /**
   * What the alarms pod of the example site does at start, from the files the operator writes: its
   * machines with their own alarms, and the Site's patterns, which must each match some tag.
   */
  @Test
  void theExampleSitesAlarmsBuildIntoTheRolesCatalog() throws Exception {
    // Tests run in the module's directory.
    java.nio.file.Path examples = java.nio.file.Path.of("..", "deploy", "examples");
    io.millwright.operator.Render.Rendering r =
        io.millwright.operator.Render.render(
            List.of(examples.resolve("site.yaml"), examples.resolve("machines.yaml")),
            NO_PROTOCOL_CHECK);
    assertThat(r.invalidMachines()).isEmpty();
    List<HasMetadata> objects = r.objects();
    JsonNode machinesFile =
        SiteResources.YAML.readTree(
            named(objects, ConfigMap.class, "plant-1-machines").getData().get("machines.yaml"));
    List<io.millwright.core.machine.MachineDefinition> machines = new ArrayList<>();
    for (JsonNode node : machinesFile.get("machines")) {
      io.millwright.operator.machine.Machine m = new io.millwright.operator.machine.Machine();
      m.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      m.getMetadata().setName(node.get("id").asText());
      m.setSpec(
          SiteResources.YAML.treeToValue(node, io.millwright.operator.machine.MachineSpec.class));
      machines.add(VALIDATION.definition(m));
    }
    assertThat(machines).hasSize(11).allMatch(m -> !m.alarms().isEmpty());
    JsonNode config =
        SiteResources.YAML.readTree(
            named(objects, ConfigMap.class, "plant-1-config").getData().get("millwright.yaml"));
    List<io.millwright.core.alarm.AlarmPattern> patterns = new ArrayList<>();
    for (JsonNode node : config.get("alarms").get("definitions")) {
      SiteSpec.AlarmPattern p = SiteResources.YAML.treeToValue(node, SiteSpec.AlarmPattern.class);
      patterns.add(
          new io.millwright.core.alarm.AlarmPattern(
              p.machines,
              java.util.Optional.ofNullable(p.inArea),
              java.util.Optional.ofNullable(p.tags),
              io.millwright.operator.machine.AlarmDefinitions.definition(p)));
    }
    assertThat(patterns).isNotEmpty();

    List<io.millwright.alarms.engine.AlarmSpec> catalog =
        io.millwright.alarms.engine.AlarmCatalog.build(machines, patterns);

    // The pattern's rate alarm on every barrel zone of the three moulding machines (four zones
    // each), beside the machines' own.
    assertThat(
            catalog.stream()
                .filter(
                    a ->
                        a.definition().condition()
                            instanceof io.millwright.core.alarm.AlarmCondition.RateOfChange)
                .map(io.millwright.alarms.engine.AlarmSpec::id)
                .sorted())
        .hasSize(12)
        .allMatch(id -> id.matches("imm-0[1-3]/barrel-zone-[1-4]-temperature"));
    assertThat(catalog)
        .extracting(io.millwright.alarms.engine.AlarmSpec::id)
        .contains("press-01/fault");
  }
}
