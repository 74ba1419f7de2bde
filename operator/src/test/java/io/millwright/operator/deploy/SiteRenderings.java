package io.millwright.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.connect.file.FileDropConnectorFactory;
import io.millwright.connect.host.ConnectorCatalog;
import io.millwright.connect.modbus.ModbusConnectorFactory;
import io.millwright.connect.mqtt.MqttDeviceConnectorFactory;
import io.millwright.connect.opcua.OpcUaConnectorFactory;
import io.millwright.connect.s7.S7ConnectorFactory;
import io.millwright.connect.sql.SqlConnectorFactory;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.Render;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the operator applies for a site in each mode, rendered by {@link Render} (the reconciler's
 * own functions) from a Site and the demo's eleven Machines of deploy/examples.
 */
final class SiteRenderings {

  /** The connectors' own checks of a machine definition, as the app builds them. */
  static final Consumer<MachineDefinition> PROTOCOL_CHECK =
      new ConnectorCatalog(
              List.of(
                  new ModbusConnectorFactory(),
                  new OpcUaConnectorFactory(Path.of("unused-pki")),
                  new S7ConnectorFactory(),
                  new SqlConnectorFactory(Path.of("unused")),
                  new FileDropConnectorFactory(Path.of("unused")),
                  new MqttDeviceConnectorFactory()))
          ::check;

  private static final String HEADER =
      """
      apiVersion: millwright.io/v1alpha1
      kind: Site
      metadata:
        name: plant-1
        namespace: plant-1
      """;

  /** Site specs by case name; the deploy/examples site is rendered as it is. */
  private static final Map<String, String> SPECS =
      Map.of(
          "split",
          """
          spec:
            mode: split
            historian:
              storage: 20Gi
              storageClass: local-path
              retention: ["#=90d"]
            resources:
              broker:
                requests: {cpu: 100m, memory: 256Mi}
                limits: {memory: 512Mi}
              connectors:
                requests: {cpu: 20m, memory: 96Mi}
            placement:
              nodeSelector:
                kubernetes.io/os: linux
              edgeLocation: hall-a
              tolerations:
                - key: millwright.io/edge
                  operator: Exists
                  effect: NoSchedule
            alarms:
              definitions:
                - {machines: "*", commsLost: true, onDelay: 30s, priority: high}
              notifications:
                webhooks:
                  - name: maintenance
                    url: https://hooks.plant.example/alarms
                    headers: {Authorization: "Bearer ${WEBHOOK_TOKEN}"}
                email:
                  host: smtp.plant.example
                  user: alarms
                  password: "${SMTP_PASSWORD}"
                  from: alarms@plant.example
                  to: [maintenance@plant.example]
              secretEnv:
                - {name: WEBHOOK_TOKEN, secretKeyRef: {name: alarm-secrets, key: webhook-token}}
                - {name: SMTP_PASSWORD, secretKeyRef: {name: alarm-secrets, key: smtp-password}}
            jobs:
              release: auto
              groups: {presses: [press-01, press-02]}
              erp:
                type: rest
                url: https://erp.plant.example/api/millwright
                token: "${ERP_TOKEN}"
                fields: {orderNumber: order_no}
              secretEnv:
                - {name: ERP_TOKEN, secretKeyRef: {name: erp-secrets, key: token}}
          """,
          "distributed",
          """
          spec:
            mode: distributed
            broker:
              type: external
              url: mqtts://broker.plant.example:8883
              credentialsSecret: broker-credentials
            historian:
              store: postgresql
              url: jdbc:postgresql://10.20.0.5:5432/plant
              user: millwright
              passwordSecret:
                name: historian-db
                key: password
          """,
          "machinesPerPod-3",
          """
          spec:
            mode: split
            connectors:
              machinesPerPod: 3
          """);

  private SiteRenderings() {}

  /** Case name to the objects the operator applies, in its order. */
  static Map<String, List<JsonNode>> all() {
    Path repo = Manifests.repo();
    Path machines = repo.resolve("deploy/examples/machines.yaml");
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    out.put("examples (single)", render(repo.resolve("deploy/examples/site.yaml"), machines));
    for (String name : List.of("split", "distributed", "machinesPerPod-3")) {
      try {
        Path site = Files.createTempFile("site-" + name, ".yaml");
        try {
          Files.writeString(site, HEADER + SPECS.get(name));
          out.put(name, render(site, machines));
        } finally {
          Files.delete(site);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static List<JsonNode> render(Path site, Path machines) {
    try {
      Render.Rendering r = Render.render(List.of(site, machines), PROTOCOL_CHECK);
      if (!r.invalidMachines().isEmpty()) {
        throw new IllegalStateException("machines left out: " + r.invalidMachines());
      }
      return Manifests.fromModel(r.objects());
    } catch (Render.RenderException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
