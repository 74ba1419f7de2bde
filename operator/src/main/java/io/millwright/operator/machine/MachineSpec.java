package io.millwright.operator.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.millwright.operator.Crds;
import java.util.List;
import java.util.Map;

/**
 * The machine definition of the contract, as a Kubernetes spec. Field for field the same as an
 * entry of the machines file, so a machine moves between the two by copy and paste; {@code
 * edgeLocation} is the one addition, for placement. Public fields: this is a wire format, read and
 * written by Jackson, validated by {@link MachineValidation}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineSpec {

  @JsonPropertyDescription("Unique per site, [a-z0-9-]; defaults to the resource's name.")
  @Pattern(Crds.NAME_PATTERN)
  public String id;

  @JsonPropertyDescription("Human name, free text.")
  public String name;

  @JsonPropertyDescription("ISA-95 area below the site.")
  @Required
  @Pattern(Crds.NAME_PATTERN)
  public String area;

  @JsonPropertyDescription("ISA-95 line (or cell) below the area.")
  @Required
  @Pattern(Crds.NAME_PATTERN)
  @PrinterColumn(name = "Line")
  public String line;

  @JsonPropertyDescription("opcua, modbus, s7, sql, file or mqtt.")
  @Required
  @Pattern("^(opcua|modbus|s7|sql|file|mqtt)$")
  @PrinterColumn(name = "Protocol")
  public String protocol;

  @JsonPropertyDescription(
      "opc.tcp://host:4840/path, tcp://host:502, s7://host?rack=0&slot=1, jdbc:..., file:///...,"
          + " mqtt://...")
  @Required
  public String endpoint;

  @JsonPropertyDescription("Protocol-specific settings, documented per protocol.")
  public Map<String, String> options;

  @JsonPropertyDescription("How often polled protocols read: 500ms, 10s, ...")
  public String pollInterval;

  @JsonPropertyDescription("Sampling interval of subscriptions (instead of pollInterval).")
  public String samplingInterval;

  @JsonPropertyDescription(
      "Node label millwright.io/edge-location the connector pod must run on; defaults to the"
          + " Site's.")
  @Pattern(Crds.NAME_PATTERN)
  public String edgeLocation;

  @JsonPropertyDescription("The tags: raw addresses mapped to named tags.")
  @Required
  public List<TagSpec> tags;

  @JsonPropertyDescription(
      "How the tags become the machine's state, stop reasons and part counts (the oee role);"
          + " a machine without it is not followed by the oee role.")
  public StatesSpec states;

  @JsonPropertyDescription(
      "The machine's alarm definitions (the alarms role, docs/kubernetes.md); the Site's alarm"
          + " patterns (spec.alarms.definitions) come on top.")
  public List<AlarmSpec> alarms;
}
