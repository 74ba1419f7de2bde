package io.millwright.operator.site;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Toleration;
import io.millwright.operator.Crds;
import java.util.List;
import java.util.Map;

/** How a site's roles run. Every field is optional; the defaults give a working edge site. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SiteSpec {

  @JsonPropertyDescription("Enterprise: first level of the namespace. Default acme.")
  @Pattern(Crds.NAME_PATTERN)
  public String enterprise;

  @JsonPropertyDescription("Site id (Sparkplug group id). Default: the resource's name.")
  @Pattern(Crds.NAME_PATTERN)
  public String site;

  @JsonPropertyDescription(
      "single: the central roles in one pod; split: one workload per role; distributed: split"
          + " with no state in the site's pods (external broker, PostgreSQL historian).")
  @Pattern("^(single|split|distributed)$")
  @PrinterColumn(name = "Mode")
  public String mode;

  @JsonPropertyDescription("Container image of Millwright. Default: the operator's own image.")
  public String image;

  @JsonPropertyDescription(
      "Secret key holding the admin password (HTTP and MQTT). Created with a random password when"
          + " the named Secret does not exist. Default: <site>-admin, key password.")
  public SecretKeySelector adminPasswordSecret;

  public Broker broker;

  public Historian historian;

  public Connectors connectors;

  @JsonPropertyDescription(
      "Requests and limits per component: site (single mode), broker, historian, oee,"
          + " connector.")
  public Map<String, ResourceRequirements> resources;

  public Placement placement;

  public Oee oee;

  /** The MQTT broker of the site. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Broker {
    @JsonPropertyDescription("embedded (the broker role) or external.")
    @Pattern("^(embedded|external)$")
    public String type;

    @JsonPropertyDescription("External broker: mqtt://host:1883 or mqtts://host:8883.")
    public String url;

    @JsonPropertyDescription("External broker: Secret with the keys username and password.")
    public String credentialsSecret;
  }

  /** Where the historian keeps samples. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Historian {
    @JsonPropertyDescription("embedded (DuckDB on a volume) or postgresql.")
    @Pattern("^(embedded|postgresql)$")
    public String store;

    @JsonPropertyDescription("Size of the state volume (embedded store). Default 10Gi.")
    public String storage;

    @JsonPropertyDescription("Storage class of the state volume; the cluster default if unset.")
    public String storageClass;

    @JsonPropertyDescription("postgresql: JDBC URL, jdbc:postgresql://db:5432/plant.")
    public String url;

    @JsonPropertyDescription("postgresql: user.")
    public String user;

    @JsonPropertyDescription("postgresql: Secret key holding the password.")
    public SecretKeySelector passwordSecret;

    @JsonPropertyDescription("Raw retention rules, e.g. ['#=90d'].")
    public List<String> retention;

    @JsonPropertyDescription("Rollups, e.g. 1m=2y or none.")
    public String rollups;
  }

  /** How machines are packed into connector pods. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Connectors {
    @JsonPropertyDescription(
        "Machines per connector pod (same edge location, area and line). Default 1.")
    @Min(1)
    @Max(100)
    public Integer machinesPerPod;
  }

  /** Node selection for the site's pods. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Placement {
    @JsonPropertyDescription("Node labels every pod of the site needs.")
    public Map<String, String> nodeSelector;

    @JsonPropertyDescription("Default edge location of machines that name none.")
    @Pattern(Crds.NAME_PATTERN)
    public String edgeLocation;

    public List<Toleration> tolerations;
  }

  /**
   * The {@code oee} section of the configuration file (docs/oee.md, "The shift calendar and the
   * reason tables"), key for key: the pods that read machines get it as their millwright.yaml.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Oee {
    @JsonPropertyDescription("The shift calendar; without one every hour is planned, in UTC.")
    public Calendar calendar;

    @JsonPropertyDescription(
        "Stop reason tables by name, each a list of {code, label}; machines pick theirs with"
            + " states.reasonTable. The table standard is built in; one of that name replaces it.")
    public Map<String, List<Reason>> reasons;
  }

  /** When the site plans to produce. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Calendar {
    @JsonPropertyDescription("Time zone of the shift times, e.g. Europe/Rome.")
    @Required
    public String zone;

    @JsonPropertyDescription(
        "Weekly shifts, not overlapping; none means every hour is planned (minus downtime).")
    public List<Shift> shifts;

    @JsonPropertyDescription("Local dates on which no shift starts: 2025-12-25.")
    public List<String> holidays;

    @JsonPropertyDescription("Time taken out of the plan ahead, e.g. planned maintenance.")
    public List<Downtime> downtime;
  }

  static final String TIME = "^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$";

  /** A weekly shift pattern. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Shift {
    @JsonPropertyDescription("Unique name, e.g. early.")
    @Required
    public String name;

    @JsonPropertyDescription("Local wall time the shift starts, \"06:00\".")
    @Required
    @Pattern(TIME)
    public String start;

    @JsonPropertyDescription(
        "Local wall time the shift ends, \"14:00\"; at or before start crosses midnight.")
    @Required
    @Pattern(TIME)
    public String end;

    @JsonPropertyDescription("Weekdays on which the shift starts: mon, tue, ... Default all.")
    public List<String> days;

    @JsonPropertyDescription("Planned pauses inside the shift.")
    public List<Break> breaks;
  }

  /** A planned pause inside a shift. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Break {
    @JsonPropertyDescription("Local wall time the break starts, \"10:00\".")
    @Required
    @Pattern(TIME)
    public String start;

    @JsonPropertyDescription("How long it lasts: 30m.")
    @Required
    public String length;
  }

  /** Planned downtime for the site or some machines. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Downtime {
    @JsonPropertyDescription("Start, with its offset: 2025-08-04T06:00:00+02:00.")
    @Required
    public String from;

    @JsonPropertyDescription("End (exclusive), with its offset.")
    @Required
    public String to;

    @JsonPropertyDescription("A label for people. Default: planned downtime.")
    public String reason;

    @JsonPropertyDescription("Machine ids it applies to; none means the whole site.")
    public List<String> machines;
  }

  /** One stop reason of a reason table. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Reason {
    @JsonPropertyDescription("The code the machine reports, a positive number.")
    @Required
    @Min(1)
    public Integer code;

    @JsonPropertyDescription("What it means, e.g. no order.")
    @Required
    public String label;
  }
}
