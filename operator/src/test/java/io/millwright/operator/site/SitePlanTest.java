package io.millwright.operator.site;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.machine;
import static io.millwright.operator.Fixtures.site;
import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineValidation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SitePlanTest {

  private static final MachineValidation VALIDATION = new MachineValidation(NO_PROTOCOL_CHECK);

  @Test
  void oneConnectorPodPerMachineByDefault() {
    SitePlan plan =
        SitePlan.of(
            site("plant-1", "ns"),
            List.of(
                machine("press-02", "ns", "pressing", "line-1"),
                machine("press-01", "ns", "pressing", "line-1")),
            VALIDATION);
    assertThat(plan.valid()).isTrue();
    assertThat(plan.shards())
        .extracting(ConnectorShard::name)
        .containsExactly("plant-1-connector-press-01", "plant-1-connector-press-02");
    assertThat(plan.shards().get(0).node()).isEqualTo("connector-press-01");
    assertThat(plan.brokerUrl()).isEqualTo("mqtt://plant-1:1883");
  }

  @Test
  void machinesPerPodPacksOnlyMachinesOfOneLineAndPlace() {
    Site site = site("plant-1", "ns");
    site.getSpec().connectors = new SiteSpec.Connectors();
    site.getSpec().connectors.machinesPerPod = 2;
    List<Machine> machines = new ArrayList<>();
    for (String id : List.of("m-1", "m-2", "m-3")) {
      machines.add(machine(id, "ns", "pressing", "line-1"));
    }
    machines.add(machine("w-1", "ns", "welding", "line-1"));
    Machine remote = machine("m-4", "ns", "pressing", "line-1");
    remote.getSpec().edgeLocation = "hall-2";
    machines.add(remote);

    SitePlan plan = SitePlan.of(site, machines, VALIDATION);

    assertThat(plan.shards())
        .extracting(s -> s.name() + "=" + s.definitions().stream().map(d -> d.id()).toList())
        .containsExactly(
            "plant-1-connectors-pressing-line-1-1=[m-1, m-2]",
            "plant-1-connectors-pressing-line-1-2=[m-3]",
            "plant-1-connectors-welding-line-1-1=[w-1]",
            "plant-1-connectors-hall-2-pressing-line-1-1=[m-4]");
    assertThat(plan.shards().get(3).edgeLocation()).isEqualTo("hall-2");
  }

  @Test
  void anInvalidMachineIsLeftOutWithItsReasonAndTheOthersStay() {
    Machine bad = machine("press-09", "ns", "pressing", "line-1");
    bad.getSpec().tags = List.of(bad.getSpec().tags.get(0), bad.getSpec().tags.get(0));
    SitePlan plan =
        SitePlan.of(
            site("plant-1", "ns"),
            List.of(machine("press-01", "ns", "pressing", "line-1"), bad),
            VALIDATION);
    assertThat(plan.shards()).hasSize(1);
    assertThat(plan.invalidMachines())
        .containsOnlyKeys("press-09")
        .hasEntrySatisfying(
            "press-09",
            why ->
                assertThat(why)
                    .startsWith("spec.tags[1].name: ")
                    .contains("already the name of tags[0]"));
  }

  @Test
  void aDuplicateMachineIdIsKeptByTheFirstResourceByName() {
    Machine first = machine("a-press", "ns", "pressing", "line-1");
    first.getSpec().id = "press-01";
    Machine second = machine("b-press", "ns", "pressing", "line-1");
    second.getSpec().id = "press-01";
    SitePlan plan = SitePlan.of(site("plant-1", "ns"), List.of(second, first), VALIDATION);
    assertThat(plan.shards())
        .singleElement()
        .satisfies(
            s -> assertThat(s.machines().get(0).getMetadata().getName()).isEqualTo("a-press"));
    assertThat(plan.invalidMachines()).containsOnlyKeys("b-press");
    assertThat(plan.invalidMachines().get("b-press")).contains("already used by Machine a-press");
  }

  @Test
  void distributedNeedsNoStateInTheSite() {
    Site site = site("plant-1", "ns");
    site.getSpec().mode = "distributed";
    assertThat(SitePlan.of(site, List.of(), VALIDATION).problem())
        .startsWith("spec.mode: distributed keeps no state");

    site.getSpec().broker = new SiteSpec.Broker();
    site.getSpec().broker.type = "external";
    site.getSpec().broker.url = "mqtt://broker.plant:1883";
    site.getSpec().broker.credentialsSecret = "mqtt";
    site.getSpec().historian = new SiteSpec.Historian();
    site.getSpec().historian.store = "postgresql";
    site.getSpec().historian.url = "jdbc:postgresql://db:5432/plant";
    site.getSpec().historian.user = "historian";
    site.getSpec().historian.passwordSecret =
        new io.fabric8.kubernetes.api.model.SecretKeySelector("password", "db", false);
    assertThat(SitePlan.of(site, List.of(), VALIDATION).problem()).isNull();
  }

  @Test
  void siteProblemsNameTheField() {
    Site site = site("plant-1", "ns");
    site.getSpec().historian = new SiteSpec.Historian();
    site.getSpec().historian.storage = "lots";
    assertThat(SitePlan.of(site, List.of(), VALIDATION).problem())
        .isEqualTo("spec.historian.storage: must be a size such as 10Gi, not lots");
    site.getSpec().historian.storage = null;
    site.getSpec().broker = new SiteSpec.Broker();
    site.getSpec().broker.type = "external";
    assertThat(SitePlan.of(site, List.of(), VALIDATION).problem())
        .isEqualTo("spec.broker: an external broker needs url and credentialsSecret");
    site.getSpec().broker.url = "http://broker";
    site.getSpec().broker.credentialsSecret = "s";
    assertThat(SitePlan.of(site, List.of(), VALIDATION).problem())
        .startsWith("spec.broker.url: write mqtt://");
  }

  @Test
  void longNamesStayWithinALabelAndDistinct() {
    String a = SitePlan.boundedName("plant-1-connector-" + "x".repeat(60) + "-a");
    String b = SitePlan.boundedName("plant-1-connector-" + "x".repeat(60) + "-b");
    assertThat(a).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    assertThat(a).isNotEqualTo(b);
    assertThat(SitePlan.boundedName("short")).isEqualTo("short");
  }

  @Test
  void packedPodsOfGroupsThatReadAlikeGetDistinctNames() {
    Site site = site("plant-1", "ns");
    site.getSpec().connectors = new SiteSpec.Connectors();
    site.getSpec().connectors.machinesPerPod = 5;
    SitePlan plan =
        SitePlan.of(
            site,
            List.of(
                machine("a", "ns", "body", "shop-line-1"),
                machine("b", "ns", "body-shop", "line-1")),
            VALIDATION);
    assertThat(plan.shards()).extracting(ConnectorShard::name).doesNotHaveDuplicates().hasSize(2);
  }

  @Test
  void whatWouldFailAtApplyIsRefusedWithTheField() {
    Site site = site("plant-1", "ns");
    site.getSpec().adminPasswordSecret =
        new io.fabric8.kubernetes.api.model.SecretKeySelector(null, "admin", false);
    assertThat(SitePlan.of(site, List.of(), VALIDATION).problem())
        .isEqualTo("spec.adminPasswordSecret: name the Secret and its key");

    Site pg = site("plant-1", "ns");
    pg.getSpec().historian = new SiteSpec.Historian();
    pg.getSpec().historian.store = "postgresql";
    pg.getSpec().historian.url = "jdbc:postgresql://pg1:5432,pg2:5432/plant";
    pg.getSpec().historian.user = "historian";
    pg.getSpec().historian.passwordSecret =
        new io.fabric8.kubernetes.api.model.SecretKeySelector("password", "db", false);
    assertThat(SitePlan.of(pg, List.of(), VALIDATION).problem()).startsWith("spec.historian.url: ");

    // The StatefulSet "<name>-historian" must stay within 52 characters, or it never gets a pod.
    String longest = "a".repeat(42);
    assertThat(SitePlan.of(site(longest, "ns"), List.of(), VALIDATION).problem()).isNull();
    assertThat(SitePlan.of(site(longest + "b", "ns"), List.of(), VALIDATION).problem())
        .startsWith("metadata.name: ");
  }

  @Test
  void aMachineCannotCarryCredentials() {
    Machine m = machine("cnc-01", "ns", "machining", "cell-1");
    m.getSpec().options = java.util.Map.of("user", "plc", "password", "secret");
    SitePlan plan = SitePlan.of(site("plant-1", "ns"), List.of(m), VALIDATION);
    assertThat(plan.invalidMachines().get("cnc-01"))
        .startsWith("spec.options.password: credentials cannot be given in a Machine")
        .doesNotContain("secret\"");
  }
}
