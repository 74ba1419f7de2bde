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

  static SiteSpec.Shift shift(String name, String start, String end, String breakAt) {
    SiteSpec.Shift s = new SiteSpec.Shift();
    s.name = name;
    s.start = start;
    s.end = end;
    if (breakAt != null) {
      SiteSpec.Break b = new SiteSpec.Break();
      b.start = breakAt;
      b.length = "30m";
      s.breaks = List.of(b);
    }
    return s;
  }

  static SiteSpec.Reason reason(int code, String label) {
    SiteSpec.Reason r = new SiteSpec.Reason();
    r.code = code;
    r.label = label;
    return r;
  }

  /** The demo plant's calendar and one reason table of its own. */
  static SiteSpec.Oee demoOee() {
    SiteSpec.Oee oee = new SiteSpec.Oee();
    oee.calendar = new SiteSpec.Calendar();
    oee.calendar.zone = "Europe/Rome";
    oee.calendar.shifts =
        new ArrayList<>(
            List.of(
                shift("early", "06:00", "14:00", "10:00"),
                shift("late", "14:00", "22:00", "18:00"),
                shift("night", "22:00", "06:00", "02:00")));
    oee.calendar.holidays = List.of("2026-12-25");
    oee.reasons = new java.util.LinkedHashMap<>();
    oee.reasons.put("presses", List.of(reason(100, "no order"), reason(500, "ram jammed")));
    return oee;
  }

  private static String oeeProblem(java.util.function.Consumer<SiteSpec.Oee> change) {
    Site site = site("plant-1", "ns");
    site.getSpec().oee = demoOee();
    change.accept(site.getSpec().oee);
    return SitePlan.of(site, List.of(), VALIDATION).problem();
  }

  @Test
  void theOeeSectionIsCheckedAsTheOeeRoleWouldAndWrittenAsItsConfigFile() {
    Site site = site("plant-1", "ns");
    site.getSpec().oee = demoOee();
    SitePlan plan = SitePlan.of(site, List.of(), VALIDATION);
    assertThat(plan.problem()).isNull();
    assertThat(plan.configFile())
        .isEqualTo(
            """
            oee:
              calendar:
                zone: "Europe/Rome"
                shifts:
                - name: "early"
                  start: "06:00"
                  end: "14:00"
                  breaks:
                  - start: "10:00"
                    length: "30m"
                - name: "late"
                  start: "14:00"
                  end: "22:00"
                  breaks:
                  - start: "18:00"
                    length: "30m"
                - name: "night"
                  start: "22:00"
                  end: "06:00"
                  breaks:
                  - start: "02:00"
                    length: "30m"
                holidays:
                - "2026-12-25"
              reasons:
                presses:
                - code: 100
                  label: "no order"
                - code: 500
                  label: "ram jammed"
            """);
    assertThat(SitePlan.of(site("plant-1", "ns"), List.of(), VALIDATION).configFile()).isNull();
  }

  @Test
  void oeeProblemsNameTheFieldBelowSpecOee() {
    assertThat(oeeProblem(o -> o.calendar.shifts.add(shift("extra", "12:00", "16:00", null))))
        .startsWith("spec.oee.calendar.shifts[")
        .contains("overlap");
    assertThat(oeeProblem(o -> o.calendar.shifts.get(2).days = List.of("mon", "someday")))
        .startsWith("spec.oee.calendar.shifts[2].days[1]: \"someday\" is not a weekday");
    assertThat(oeeProblem(o -> o.calendar.shifts.get(0).breaks.get(0).start = "15:00"))
        .startsWith("spec.oee.calendar.shifts[0].breaks");
    assertThat(oeeProblem(o -> o.calendar.zone = "Mars/Olympus"))
        .startsWith("spec.oee.calendar.zone: ");
    assertThat(oeeProblem(o -> o.calendar.holidays = List.of("25.12.2026")))
        .startsWith("spec.oee.calendar.holidays[0]: ");
    assertThat(
            oeeProblem(
                o -> {
                  SiteSpec.Downtime d = new SiteSpec.Downtime();
                  d.from = "2026-08-04T06:00:00+02:00";
                  d.to = "2026-08-04T06:00:00";
                  o.calendar.downtime = List.of(d);
                }))
        .startsWith("spec.oee.calendar.downtime[0].to: ")
        .contains("offset");
    assertThat(
            oeeProblem(o -> o.reasons.put("welders", List.of(reason(100, "a"), reason(100, "b")))))
        .isEqualTo("spec.oee.reasons.welders[1].code: 100 is listed twice in this table");
  }

  @Test
  void aMachineMayOnlyNameAReasonTableOfTheSite() {
    Machine press = machine("press-01", "ns", "pressing", "line-1");
    press.getSpec().states = io.millwright.operator.Fixtures.states();
    press.getSpec().states.reasonTable = "presses";
    Machine standard = machine("press-02", "ns", "pressing", "line-1");
    standard.getSpec().states = io.millwright.operator.Fixtures.states();

    SitePlan without = SitePlan.of(site("plant-1", "ns"), List.of(press, standard), VALIDATION);
    assertThat(without.invalidMachines())
        .containsOnlyKeys("press-01")
        .containsEntry(
            "press-01",
            "spec.states.reasonTable: \"presses\" is not a reason table of the Site;"
                + " spec.oee.reasons has standard");

    Site site = site("plant-1", "ns");
    site.getSpec().oee = demoOee();
    SitePlan with = SitePlan.of(site, List.of(press, standard), VALIDATION);
    assertThat(with.invalidMachines()).isEmpty();
    assertThat(with.shards()).hasSize(2);
  }
}
