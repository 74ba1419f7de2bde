package io.millwright.operator.site;

import static io.millwright.operator.Fixtures.NO_PROTOCOL_CHECK;
import static io.millwright.operator.Fixtures.machine;
import static io.millwright.operator.Fixtures.site;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files of what each deployment mode renders: a change to the generated objects shows up as
 * a reviewed diff of {@code src/test/resources/golden/}. After an intended change, refresh them
 * with {@code ./mvnw -pl operator test -Dtest=SiteResourcesGoldenTest -Dgolden.update=true}.
 */
class SiteResourcesGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final KubernetesSerialization YAML = new KubernetesSerialization();

  static Site siteFor(String mode) {
    Site site = site("plant-1", "plant");
    site.getMetadata().setUid("5e1f0c1e-0000-4000-8000-000000000001");
    site.getSpec().image = "registry.plant.local/millwright:0.1.0";
    switch (mode) {
      case "single" -> {
        site.getSpec().oee = SitePlanTest.demoOee();
        // Patterns only: no notifications, no secrets, no egress.
        site.getSpec().alarms =
            YAML.unmarshal(
                """
                definitions:
                  - {machines: "*", commsLost: true, onDelay: 10s, priority: high}
                retention: 90d
                """,
                SiteSpec.Alarms.class);
        // No ERP: jobs come through the API only, no secrets, no egress.
        site.getSpec().jobs =
            YAML.unmarshal(
                """
                release: manual
                products: {BRACKET-A: [press-01, press-02]}
                """,
                SiteSpec.Jobs.class);
      }
      case "split" -> {
        // Reason tables only: the role plans every hour.
        site.getSpec().oee = new SiteSpec.Oee();
        site.getSpec().oee.reasons =
            java.util.Map.of("presses", List.of(SitePlanTest.reason(500, "ram jammed")));
        site.getSpec().mode = "split";
        site.getSpec().connectors = new SiteSpec.Connectors();
        site.getSpec().connectors.machinesPerPod = 2;
        site.getSpec().placement = new SiteSpec.Placement();
        site.getSpec().placement.edgeLocation = "hall-1";
        site.getSpec().alarms = alarms();
      }
      case "distributed" -> {
        site.getSpec().mode = "distributed";
        site.getSpec().broker = new SiteSpec.Broker();
        site.getSpec().broker.type = "external";
        site.getSpec().broker.url = "mqtts://broker.plant.local:8883";
        site.getSpec().broker.credentialsSecret = "plant-1-mqtt";
        site.getSpec().historian = new SiteSpec.Historian();
        site.getSpec().historian.store = "postgresql";
        site.getSpec().historian.url = "jdbc:postgresql://10.0.5.10:5432/plant";
        site.getSpec().historian.user = "historian";
        site.getSpec().historian.passwordSecret =
            new SecretKeySelector("password", "plant-1-db", false);
        site.getSpec().jobs = jobs();
      }
      default -> throw new IllegalArgumentException(mode);
    }
    return site;
  }

  /** An alarms section with every part: patterns, operators, retention, both channels, secrets. */
  static SiteSpec.Alarms alarms() {
    return YAML.unmarshal(
        """
        definitions:
          - {machines: "*", commsLost: true, onDelay: 10s, priority: high}
          - {machines: "press-*", inArea: pressing, tags: "hydraulics/*", high: 80, deadband: 1}
        operators: {pressing: 2, machining: 1}
        retention: 400d
        notifications:
          webhooks:
            - name: maintenance
              url: https://hooks.example.com/alarms
              minPriority: high
              headers: {Authorization: "Bearer ${WEBHOOK_TOKEN}"}
          email:
            host: 10.0.5.25
            user: alarms
            password: "${SMTP_PASSWORD}"
            from: alarms@plant.local
            to: [maintenance@plant.local]
            transitions: [activated]
        secretEnv:
          - {name: WEBHOOK_TOKEN, secretKeyRef: {name: plant-1-alarms, key: webhook-token}}
          - {name: SMTP_PASSWORD, secretKeyRef: {name: plant-1-alarms, key: smtp-password}}
        """,
        SiteSpec.Alarms.class);
  }

  /**
   * A jobs section with every key, its ERP's tables in a database at an IP address, the password
   * from a Secret.
   */
  static SiteSpec.Jobs jobs() {
    return YAML.unmarshal(
        """
        release: auto
        dispatch: auto
        dispatchTimeout: 20s
        dispatchAttempts: 5
        progressInterval: 30s
        products:
          BRACKET-A: [press-01, press-02]
          SHAFT-7: [cnc-01]
        groups: {presses: [press-01, press-02, press-03]}
        retention: 180d
        erp:
          type: sql
          url: jdbc:postgresql://10.0.5.40:5432/middleware
          user: millwright
          password: "${ERP_DB_PASSWORD}"
          ordersTable: mw_orders
          pollInterval: 1m
        secretEnv:
          - {name: ERP_DB_PASSWORD, secretKeyRef: {name: plant-1-erp, key: password}}
        """,
        SiteSpec.Jobs.class);
  }

  /** A limit on the oil temperature and a fault alarm, on press-01's tags. */
  static List<io.millwright.operator.machine.AlarmSpec> pressAlarms() {
    return List.of(
        YAML.unmarshal(
            """
            - {tag: hydraulics/oil-temperature, high: 75, highHigh: 85, deadband: 1, onDelay: 5s,
               priority: high, message: "Oil at {value} {unit}", suppressIn: [planned-stop]}
            - {name: fault, state: [fault], priority: high, message: "{machine} stopped on fault"}
            """,
            io.millwright.operator.machine.AlarmSpec[].class));
  }

  static List<Machine> machines() {
    Machine opcua = machine("cnc-01", "plant", "machining", "line-2");
    opcua.getSpec().protocol = "opcua";
    opcua.getSpec().endpoint = "opc.tcp://cnc-01.plant.local:4840/millwright";
    opcua.getSpec().tags =
        List.of(
            io.millwright.operator.Fixtures.tag(
                "spindle/speed", "ns=2;s=cnc-01/spindle/speed", "float64"));
    Machine press = machine("press-01", "plant", "pressing", "line-1");
    press.getSpec().states = io.millwright.operator.Fixtures.states();
    press.getSpec().alarms = pressAlarms();
    return List.of(
        press,
        machine("press-02", "plant", "pressing", "line-1"),
        machine("press-03", "plant", "pressing", "line-1"),
        opcua);
  }

  static List<HasMetadata> render(String mode) {
    return SiteResources.desired(
        SitePlan.of(siteFor(mode), machines(), new MachineValidation(NO_PROTOCOL_CHECK)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "split", "distributed"})
  void eachModeRendersItsGoldenObjects(String mode) throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata o : render(mode)) {
      yaml.append(YAML.asYaml(o));
    }
    Path golden = GOLDEN.resolve(mode + ".yaml");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, yaml);
    }
    // What was rendered, beside the golden file for a diff when they differ.
    Files.createDirectories(Path.of("target/golden"));
    Files.writeString(Path.of("target/golden", mode + ".yaml"), yaml);
    assertThat(yaml.toString()).isEqualTo(Files.readString(golden));
  }
}
