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
      "Requests and limits per component: site (single mode), broker, historian, oee, alarms,"
          + " jobs, connector.")
  public Map<String, ResourceRequirements> resources;

  public Placement placement;

  public Oee oee;

  public Alarms alarms;

  public Jobs jobs;

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

  /**
   * The {@code alarms} section of the configuration file (docs/kubernetes.md, "Alarms"), key for
   * key, plus {@code secretEnv}: the Kubernetes Secrets the notification settings refer to as
   * {@code ${NAME}}. The pods that run the alarms role get it in their millwright.yaml, and the
   * named variables from the Secrets.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Alarms {
    @JsonPropertyDescription(
        "Alarm definitions by machine and tag pattern; a machine's own alarms (spec.alarms of a"
            + " Machine) win over a pattern's of the same name.")
    public List<AlarmPattern> definitions;

    @JsonPropertyDescription(
        "Operators per area, for the alarm-rate figures (alarms per operator); one by default.")
    public Map<String, Integer> operators;

    @JsonPropertyDescription(
        "How long the journal keeps transitions: 400d by default, at least 1d.")
    public String retention;

    public Notifications notifications;

    @JsonPropertyDescription(
        "Environment variables of the pods that run the alarms role, each from a Secret's key;"
            + " notification header values and the e-mail password refer to them as ${NAME}."
            + " Secrets written in the Site itself are refused.")
    public List<SecretEnv> secretEnv;
  }

  /** A site-wide alarm definition: a machine's alarm item, for the machines and tags it matches. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AlarmPattern extends io.millwright.operator.machine.AlarmSpec {
    @JsonPropertyDescription("Machine ids, with * for any text: cnc-*, *.")
    @Required
    public String machines;

    @JsonPropertyDescription("Only machines of this area.")
    public String inArea;

    @JsonPropertyDescription(
        "Tag paths, * within a level and ** across levels (spindle/*-temperature); for kinds"
            + " that read a tag, instead of tag.")
    public String tags;
  }

  /** Where alarm transitions are sent besides the namespace's events topic. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Notifications {
    @JsonPropertyDescription("JSON batches POSTed to URLs.")
    public List<Webhook> webhooks;

    @JsonPropertyDescription("E-mail digests over SMTP.")
    public Email email;
  }

  /** Which transitions a channel takes. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ChannelFilter {
    @JsonPropertyDescription("The least priority sent: low (default), medium, high, critical.")
    @Pattern("^(low|medium|high|critical)$")
    public String minPriority;

    @JsonPropertyDescription("Only alarms of these areas; all by default.")
    public List<String> areas;

    @JsonPropertyDescription(
        "Only these transitions (activated, cleared, acknowledged, ...); all by default.")
    public List<String> transitions;
  }

  /** A webhook channel. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Webhook extends ChannelFilter {
    @JsonPropertyDescription("The channel's id: a-z, 0-9 and dashes.")
    @Required
    public String name;

    @JsonPropertyDescription(
        "http or https URL, without credentials (it is stored in a ConfigMap); its port is"
            + " opened for the alarms pods' egress.")
    @Required
    public String url;

    @JsonPropertyDescription(
        "Extra request headers; every value refers to a secretEnv variable, e.g."
            + " \"Bearer ${WEBHOOK_TOKEN}\".")
    public Map<String, String> headers;

    @JsonPropertyDescription("How long one request may take: 5s by default.")
    public String timeout;

    @JsonPropertyDescription("The most events per request, 1 to 1000; 100 by default.")
    @Min(1)
    @Max(1000)
    public Integer batch;
  }

  /** The e-mail digest channel. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Email extends ChannelFilter {
    @JsonPropertyDescription("The channel's id; email by default.")
    public String name;

    @JsonPropertyDescription("The SMTP server; its port is opened for the alarms pods' egress.")
    @Required
    public String host;

    @JsonPropertyDescription("The SMTP port; by default the security's (25, 587, 465).")
    @Min(1)
    @Max(65535)
    public Integer port;

    @JsonPropertyDescription("none, starttls (default) or tls.")
    @Pattern("^(none|starttls|tls)$")
    public String security;

    @JsonPropertyDescription("The SMTP login; with password.")
    public String user;

    @JsonPropertyDescription(
        "The SMTP password: a secretEnv variable, \"${SMTP_PASSWORD}\"; never the password.")
    public String password;

    @JsonPropertyDescription("The sender address.")
    @Required
    public String from;

    @JsonPropertyDescription("The recipients.")
    @Required
    public List<String> to;

    @JsonPropertyDescription("The least time between two mails: 1m by default.")
    public String every;

    @JsonPropertyDescription("SMTP connect, read and write timeout: 10s by default.")
    public String timeout;
  }

  /**
   * The {@code jobs} section of the configuration file (docs/kubernetes.md, "Jobs"), key for key,
   * plus {@code secretEnv}: the Kubernetes Secrets the ERP's token or password refer to as {@code
   * ${NAME}}. The pods that run the jobs role get it in their millwright.yaml, and the named
   * variables from the Secrets.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Jobs {
    @JsonPropertyDescription(
        "auto: imported orders go into a machine's queue by themselves; manual (default): a"
            + " planner releases each.")
    @Pattern("^(auto|manual)$")
    public String release;

    @JsonPropertyDescription("auto (default): released jobs are sent to the machine; manual.")
    @Pattern("^(auto|manual)$")
    public String dispatch;

    @JsonPropertyDescription("How long a machine has to take a job: 100ms to 10m, 10s by default.")
    public String dispatchTimeout;

    @JsonPropertyDescription("How often a job is sent before it fails, 1 to 20.")
    @Min(1)
    @Max(20)
    public Integer dispatchAttempts;

    @JsonPropertyDescription("How often a running job's progress is published: at least 1s.")
    public String progressInterval;

    @JsonPropertyDescription("Product to the machine ids that can make it: BRACKET-A: [press-01].")
    public Map<String, List<String>> products;

    @JsonPropertyDescription(
        "Machine groups an order may name instead of a machine: presses: [press-01, press-02].")
    public Map<String, List<String>> groups;

    @JsonPropertyDescription("How long finished jobs are kept: at least 1d.")
    public String retention;

    public Erp erp;

    @JsonPropertyDescription(
        "Environment variables of the pods that run the jobs role, each from a Secret's key; the"
            + " ERP's token and password refer to them as ${NAME}. Secrets written in the Site"
            + " itself are refused.")
    public List<SecretEnv> secretEnv;
  }

  /** Where the jobs role takes orders from and confirms them to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Erp {
    @JsonPropertyDescription("rest (HTTP API) or sql (tables in the ERP's database).")
    @Required
    @Pattern("^(rest|sql)$")
    public String type;

    @JsonPropertyDescription(
        "rest: http or https URL without credentials; sql: JDBC URL without the password. Its"
            + " port is opened for the jobs pods' egress.")
    @Required
    public String url;

    @JsonPropertyDescription("rest: the bearer token, a secretEnv variable: \"${ERP_TOKEN}\".")
    public String token;

    @JsonPropertyDescription("rest: order field to the ERP's field name, where they differ.")
    public Map<String, String> fields;

    @JsonPropertyDescription("sql: the database user.")
    public String user;

    @JsonPropertyDescription("sql: the password, a secretEnv variable: \"${ERP_DB_PASSWORD}\".")
    public String password;

    @JsonPropertyDescription("sql: the orders table; mw_erp_orders by default.")
    public String ordersTable;

    @JsonPropertyDescription("sql: the confirmations table; mw_erp_confirmations by default.")
    public String confirmationsTable;

    @JsonPropertyDescription("How often orders are fetched: at least 100ms, 30s by default.")
    public String pollInterval;

    @JsonPropertyDescription(
        "Whether the ERP may also push orders to /api/v1/jobs/erp/orders; rest: true by default.")
    public Boolean webhook;
  }

  /** An environment variable of a role's pods taken from a Secret's key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretEnv {
    @JsonPropertyDescription("The variable, referred to as ${NAME}: letters, digits, _.")
    @Required
    @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
    public String name;

    @JsonPropertyDescription("The Secret and its key holding the value.")
    @Required
    public SecretKeySelector secretKeyRef;
  }
}
