package io.millwright.app.config;

import io.millwright.alarms.engine.AlarmCatalog;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.StateModel;
import io.millwright.historian.retention.RawRetention;
import io.millwright.historian.retention.RetentionPolicy;
import io.millwright.historian.retention.RollupLevel;
import io.millwright.oee.calendar.PlannedDowntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns the YAML file, the machines file and the {@code MILLWRIGHT_*} environment into a validated
 * {@link MillwrightConfig}: the one place where configuration text becomes typed values (STYLE.md,
 * point 7). Precedence: defaults, then the file, then the environment.
 *
 * <p>Unknown keys in a file are errors (a typo must not silently fall back to a default). Unknown
 * {@code MILLWRIGHT_*} variables are ignored, because Kubernetes injects service variables such as
 * {@code MILLWRIGHT_PORT} on its own.
 */
public final class ConfigLoader {

  private static final String MACHINES_KEY = "machines";
  private static final String MQTT_USERS_KEY = "mqtt.users";

  /** Settings that a file may also give as a YAML list; its items are joined with commas. */
  private static final Set<String> LISTS =
      Set.of(
          Settings.ROLES.key(),
          Settings.HISTORIAN_RETENTION.key(),
          Settings.OPERATOR_NAMESPACES.key());

  private ConfigLoader() {}

  /**
   * @param configFile the YAML configuration, if any
   * @param machinesFile a file holding a {@code machines:} list, if any; when absent, {@code
   *     MILLWRIGHT_MACHINES} names it
   * @param env the process environment
   * @throws ConfigException naming the file and line or the variable, and the key
   */
  public static MillwrightConfig load(
      Optional<Path> configFile, Optional<Path> machinesFile, Map<String, String> env) {
    return load(configFile, machinesFile, env, machine -> {});
  }

  /**
   * As {@link #load(Optional, Optional, Map)}, with each machine also checked by its protocol's
   * connector, so that a wrong address stops the process with the file, line and field.
   */
  public static MillwrightConfig load(
      Optional<Path> configFile,
      Optional<Path> machinesFile,
      Map<String, String> env,
      Consumer<MachineDefinition> machineCheck) {
    Map<String, Located> fromFile = new HashMap<>();
    List<MqttConfig.User> mqttUsers = new ArrayList<>();
    OeeConfig[] oee = {OeeConfig.NONE};
    AlarmsConfig[] alarms = {AlarmsConfig.NONE};
    JobsConfig[] jobs = {JobsConfig.NONE};
    PublisherConfig[] publisher = {null};
    CloudConfig[] cloud = {null};
    List<MachineDefinition> machines = new ArrayList<>();
    Map<String, String> machineSources = new HashMap<>();
    if (configFile.isPresent()) {
      YamlFile yaml = YamlFile.read(configFile.get());
      if (yaml.root() != null) {
        readMapping(
            yaml,
            yaml.mapping(yaml.root(), null),
            "",
            fromFile,
            machines,
            machineSources,
            mqttUsers,
            oee,
            alarms,
            jobs,
            publisher,
            cloud,
            env,
            machineCheck);
      }
    }
    Optional<Path> machinesPath =
        machinesFile.or(
            () ->
                Optional.ofNullable(env.get(Settings.MACHINES_ENV))
                    .filter(s -> !s.isBlank())
                    .map(Path::of));
    if (machinesPath.isPresent()) {
      readMachinesFile(YamlFile.read(machinesPath.get()), machines, machineSources, machineCheck);
    }

    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    for (Setting<?> setting : Settings.ALL) {
      values.put(setting, resolve(setting, fromFile.get(setting.key()), env));
    }
    MqttConfig mqtt =
        new MqttConfig(
            (String) values.get(Settings.MQTT_HOST),
            (Integer) values.get(Settings.MQTT_PORT),
            (Integer) values.get(Settings.MQTT_TLS_PORT),
            Optional.ofNullable((Path) values.get(Settings.MQTT_TLS_KEY_STORE)),
            Optional.ofNullable((Secret) values.get(Settings.MQTT_TLS_KEY_STORE_PASSWORD)),
            Optional.ofNullable((String) values.get(Settings.MQTT_URL)),
            Optional.ofNullable((String) values.get(Settings.MQTT_USERNAME)),
            Optional.ofNullable((Secret) values.get(Settings.MQTT_PASSWORD)),
            mqttUsers,
            (Boolean) values.get(Settings.MQTT_MIRROR));
    checkMqtt(mqtt);
    HistorianConfig historian =
        new HistorianConfig(
            (String) values.get(Settings.HISTORIAN_STORE),
            Optional.ofNullable((String) values.get(Settings.HISTORIAN_POSTGRESQL_URL)),
            Optional.ofNullable((String) values.get(Settings.HISTORIAN_POSTGRESQL_USER)),
            Optional.ofNullable((Secret) values.get(Settings.HISTORIAN_POSTGRESQL_PASSWORD)),
            (String) values.get(Settings.HISTORIAN_POSTGRESQL_SCHEMA),
            retention(values));
    checkHistorian(historian);
    checkReasonTables(machines, machineSources, oee[0]);
    checkAlarms(machines, alarms[0], castList(values.get(Settings.ROLES)));
    checkJobs(machines, jobs[0]);
    return new MillwrightConfig(
        (String) values.get(Settings.ENTERPRISE),
        (String) values.get(Settings.SITE),
        (Path) values.get(Settings.DATA),
        (String) values.get(Settings.HTTP_HOST),
        (Integer) values.get(Settings.HTTP_PORT),
        mqtt,
        castList(values.get(Settings.ROLES)),
        (java.time.Duration) values.get(Settings.SHUTDOWN_TIMEOUT),
        Optional.ofNullable((Secret) values.get(Settings.ADMIN_PASSWORD)),
        machines,
        (String) values.get(Settings.CONNECTORS_NODE),
        Optional.ofNullable((String) values.get(Settings.CONNECTORS_PRIMARY_HOST)),
        values.get(Settings.OPERATOR_NAMESPACES) == null
            ? List.of()
            : castList(values.get(Settings.OPERATOR_NAMESPACES)),
        historian,
        oee[0],
        alarms[0],
        jobs[0],
        Optional.ofNullable(publisher[0]),
        Optional.ofNullable(cloud[0]),
        new SimulationConfig(
            (String) values.get(Settings.SIMULATOR_HOST),
            (Integer) values.get(Settings.SIMULATOR_OPCUA_PORT),
            (Integer) values.get(Settings.SIMULATOR_MODBUS_PORT),
            (Integer) values.get(Settings.SIMULATOR_S7_PORT),
            (Integer) values.get(Settings.SIMULATOR_SQL_PORT),
            (Integer) values.get(Settings.SIMULATOR_ERP_PORT),
            (Boolean) values.get(Settings.SIMULATOR_BREAKS),
            (Long) values.get(Settings.SIMULATOR_SEED)));
  }

  /**
   * A machine's state model may only name a reason table the site has; planned downtime may only
   * name machines the site has (checked when the machines are configured, not simulated).
   */
  private static void checkReasonTables(
      List<MachineDefinition> machines, Map<String, String> sources, OeeConfig oee) {
    if (!machines.isEmpty() && oee.calendar().isPresent()) {
      List<PlannedDowntime> downtime = oee.calendar().get().plannedDowntime();
      for (int i = 0; i < downtime.size(); i++) {
        for (String id : downtime.get(i).machines()) {
          if (machines.stream().noneMatch(m -> m.id().equals(id))) {
            throw new ConfigException(
                null,
                "oee.calendar.downtime[" + i + "].machines",
                "names \"" + id + "\", which is not one of the configured machines");
          }
        }
      }
    }
    for (MachineDefinition m : machines) {
      if (m.states().isEmpty()) {
        continue;
      }
      String table = m.states().get().reasonTable();
      if (!table.equals(StateModel.DEFAULT_REASON_TABLE) && !oee.reasons().containsKey(table)) {
        List<String> known = new ArrayList<>(List.of(StateModel.DEFAULT_REASON_TABLE));
        known.addAll(oee.reasons().keySet().stream().sorted().toList());
        throw new ConfigException(
            sources.get(m.id()),
            "machines." + m.id() + ".states.reasonTable",
            "\""
                + table
                + "\" is not a reason table of the site; oee.reasons has "
                + String.join(", ", known));
      }
    }
  }

  /**
   * The site's alarm patterns against the configured machines: a pattern that matches no tag, or
   * whose message shows a tag a machine lacks, is refused with the pattern's line. Only where the
   * alarms role runs: a connector process given a shard of the machines would find patterns for the
   * others matching nothing. Without configured machines (the demo's are simulated), or with the
   * roles changed on the command line, the role checks them at start.
   */
  private static void checkAlarms(
      List<MachineDefinition> machines, AlarmsConfig alarms, List<String> roles) {
    if (machines.isEmpty() || !(roles.contains("all") || roles.contains("alarms"))) {
      return;
    }
    try {
      AlarmCatalog.build(machines, alarms.definitions());
    } catch (DefinitionException e) {
      Matcher m = PATTERN_INDEX.matcher(e.field());
      String where = m.lookingAt() ? alarms.sources().get(Integer.parseInt(m.group(1))) : null;
      throw new ConfigException(where, e.field(), e.problem());
    }
  }

  /**
   * Products and groups may only name machines the site has (checked when the machines are
   * configured, not simulated).
   */
  private static void checkJobs(List<MachineDefinition> machines, JobsConfig jobs) {
    if (machines.isEmpty()) {
      return;
    }
    Set<String> ids = new HashSet<>();
    machines.forEach(m -> ids.add(m.id()));
    for (String section : List.of("products", "groups")) {
      Map<String, List<String>> lists =
          section.equals("products") ? jobs.products() : jobs.groups();
      for (Map.Entry<String, List<String>> e : lists.entrySet()) {
        for (String m : e.getValue()) {
          if (!ids.contains(m)) {
            throw new ConfigException(
                "configuration",
                "jobs." + section + "." + e.getKey(),
                "names machine \"" + m + "\", which is not among the machines");
          }
        }
      }
      if (section.equals("groups")) {
        for (String g : lists.keySet()) {
          if (ids.contains(g)) {
            throw new ConfigException(
                "configuration", "jobs.groups." + g, "has the name of a machine; give it another");
          }
        }
      }
    }
  }

  private static final Pattern PATTERN_INDEX = Pattern.compile("alarms\\.definitions\\[(\\d+)]");

  /** The raw retention and the rollups, which must agree with each other. */
  private static RetentionPolicy retention(Map<Setting<?>, Object> values) {
    @SuppressWarnings("unchecked")
    Optional<RollupLevel> rollups = (Optional<RollupLevel>) values.get(Settings.HISTORIAN_ROLLUPS);
    try {
      return new RetentionPolicy((RawRetention) values.get(Settings.HISTORIAN_RETENTION), rollups);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          null,
          Settings.HISTORIAN_RETENTION.key(),
          e.getMessage() + " (" + Settings.HISTORIAN_ROLLUPS.key() + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object value) {
    return (List<String>) value;
  }

  /** With {@code historian.store: postgresql}, where and as whom to connect. */
  private static void checkHistorian(HistorianConfig historian) {
    if (!historian.postgresql()) {
      return;
    }
    if (historian.postgresqlUrl().isEmpty()) {
      throw new ConfigException(
          null,
          Settings.HISTORIAN_POSTGRESQL_URL.key(),
          "is needed with historian.store: postgresql");
    }
    if (historian.postgresqlUser().isEmpty()) {
      throw new ConfigException(
          null,
          Settings.HISTORIAN_POSTGRESQL_USER.key(),
          "is needed with historian.store: postgresql");
    }
    if (historian.postgresqlPassword().isEmpty()) {
      throw new ConfigException(
          null,
          Settings.HISTORIAN_POSTGRESQL_PASSWORD.key(),
          "is needed with historian.store: postgresql; set "
              + Settings.HISTORIAN_POSTGRESQL_PASSWORD.env());
    }
  }

  /** Rules between MQTT settings that no single setting can check alone. */
  private static void checkMqtt(MqttConfig mqtt) {
    if (mqtt.keyStore().isPresent() && mqtt.keyStorePassword().isEmpty()) {
      throw new ConfigException(
          null,
          Settings.MQTT_TLS_KEY_STORE_PASSWORD.key(),
          "is needed with mqtt.tls.keyStore; set " + Settings.MQTT_TLS_KEY_STORE_PASSWORD.env());
    }
    if (mqtt.external() && mqtt.username().isEmpty()) {
      throw new ConfigException(
          null,
          Settings.MQTT_USERNAME.key(),
          "is needed with mqtt.url: Millwright always authenticates");
    }
    if (mqtt.external() && mqtt.password().isEmpty()) {
      throw new ConfigException(
          null,
          Settings.MQTT_PASSWORD.key(),
          "is needed with mqtt.url; set " + Settings.MQTT_PASSWORD.env());
    }
    if (!mqtt.external() && mqtt.keyStore().isPresent() && mqtt.tlsPort() == mqtt.port()) {
      throw new ConfigException(null, Settings.MQTT_TLS_PORT.key(), "must differ from mqtt.port");
    }
  }

  /** A value read from a file with where it was written. */
  private record Located(String text, String where) {}

  private static Object resolve(Setting<?> setting, Located inFile, Map<String, String> env) {
    String fromEnv = env.get(setting.env());
    String where;
    String text;
    String secretFile = setting.fileAllowed() ? null : env.get(setting.env() + "_FILE");
    if (secretFile != null) {
      // Kubernetes mounts Secrets as files; a variable naming the file keeps the value itself out
      // of the process environment (which /proc and crash reports show).
      where = "environment variable " + setting.env() + "_FILE";
      if (fromEnv != null) {
        throw new ConfigException(
            where,
            setting.key(),
            "set " + setting.env() + " or " + setting.env() + "_FILE, not both");
      }
      text = readSecretFile(where, setting, secretFile);
    } else if (fromEnv != null) {
      where = "environment variable " + setting.env();
      text = fromEnv;
    } else if (inFile != null) {
      where = inFile.where();
      text = inFile.text();
    } else if (setting.defaultText() != null) {
      where = "default";
      text = setting.defaultText();
    } else {
      return null;
    }
    try {
      return setting.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where, setting.key(), e.getMessage());
    }
  }

  private static String readSecretFile(String where, Setting<?> setting, String file) {
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      // Secret files written by hand usually end with a newline that is not part of the secret.
      return text.endsWith("\r\n")
          ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException | InvalidPathException e) {
      throw new ConfigException(where, setting.key(), "cannot read the file " + file + ": " + e);
    }
  }

  private static void readMapping(
      YamlFile yaml,
      MappingNode mapping,
      String prefix,
      Map<String, Located> out,
      List<MachineDefinition> machines,
      Map<String, String> machineSources,
      List<MqttConfig.User> mqttUsers,
      OeeConfig[] oee,
      AlarmsConfig[] alarms,
      JobsConfig[] jobs,
      PublisherConfig[] publisher,
      CloudConfig[] cloud,
      Map<String, String> env,
      Consumer<MachineDefinition> machineCheck) {
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String name =
          yaml.key(tuple, prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1));
      String key = prefix + name;
      Node value = tuple.getValueNode();
      if (!seen.add(name)) {
        throw new ConfigException(yaml.where(tuple.getKeyNode()), key, "is given twice");
      }
      if (prefix.isEmpty() && name.equals(MACHINES_KEY)) {
        readMachines(yaml, yaml.sequence(value, key), machines, machineSources, machineCheck);
        continue;
      }
      if (prefix.isEmpty() && name.equals(OeeConfigReader.KEY)) {
        oee[0] = OeeConfigReader.read(yaml, value);
        continue;
      }
      if (prefix.isEmpty() && name.equals(AlarmsConfigReader.KEY)) {
        alarms[0] = AlarmsConfigReader.read(yaml, value, env);
        continue;
      }
      if (prefix.isEmpty() && name.equals(JobsConfigReader.KEY)) {
        jobs[0] = JobsConfigReader.read(yaml, value, env);
        continue;
      }
      if (prefix.isEmpty() && name.equals(PublisherConfigReader.KEY)) {
        publisher[0] = PublisherConfigReader.read(yaml, value, env);
        continue;
      }
      if (prefix.isEmpty() && name.equals(CloudConfigReader.KEY)) {
        cloud[0] = CloudConfigReader.read(yaml, value, env);
        continue;
      }
      if (key.equals(MQTT_USERS_KEY)) {
        mqttUsers.addAll(MqttUserReader.read(yaml, value, key));
        continue;
      }
      Optional<Setting<?>> setting =
          Settings.ALL.stream().filter(s -> s.key().equals(key)).findFirst();
      if (setting.isPresent()) {
        if (!setting.get().fileAllowed()) {
          throw new ConfigException(
              yaml.where(value),
              key,
              "may only come from the environment variable "
                  + setting.get().env()
                  + ", to keep secrets out of files");
        }
        out.put(key, new Located(scalarOrList(yaml, value, key), yaml.where(value)));
      } else if (value instanceof MappingNode nested && isPrefixOfSome(key + ".")) {
        readMapping(
            yaml,
            nested,
            key + ".",
            out,
            machines,
            machineSources,
            mqttUsers,
            oee,
            alarms,
            jobs,
            publisher,
            cloud,
            env,
            machineCheck);
      } else {
        throw new ConfigException(
            yaml.where(tuple.getKeyNode()), key, "is not a known key; known keys: " + knownKeys());
      }
    }
  }

  private static String scalarOrList(YamlFile yaml, Node value, String key) {
    if (LISTS.contains(key) && value instanceof SequenceNode list) {
      return list.getValue().stream()
          .map(n -> yaml.scalar(n, key))
          .collect(Collectors.joining(","));
    }
    return yaml.scalar(value, key);
  }

  private static boolean isPrefixOfSome(String prefix) {
    return Settings.ALL.stream().anyMatch(s -> s.key().startsWith(prefix));
  }

  static String knownKeys() {
    List<String> keys = new ArrayList<>();
    Settings.ALL.stream().filter(Setting::fileAllowed).forEach(s -> keys.add(s.key()));
    keys.add(MQTT_USERS_KEY);
    keys.add(MACHINES_KEY);
    keys.add(OeeConfigReader.KEY);
    keys.add(AlarmsConfigReader.KEY);
    keys.add(JobsConfigReader.KEY);
    keys.add(PublisherConfigReader.KEY);
    keys.add(CloudConfigReader.KEY);
    return String.join(", ", keys);
  }

  private static void readMachinesFile(
      YamlFile yaml,
      List<MachineDefinition> machines,
      Map<String, String> machineSources,
      Consumer<MachineDefinition> machineCheck) {
    Node root = yaml.root();
    if (root == null) {
      return;
    }
    if (root instanceof SequenceNode list) {
      readMachines(yaml, list, machines, machineSources, machineCheck);
      return;
    }
    for (NodeTuple tuple : yaml.mapping(root, null).getValue()) {
      String key = yaml.key(tuple, null);
      if (!key.equals(MACHINES_KEY)) {
        throw new ConfigException(
            yaml.where(tuple.getKeyNode()),
            key,
            "is not a known key; a machines file holds only 'machines'");
      }
      readMachines(
          yaml, yaml.sequence(tuple.getValueNode(), key), machines, machineSources, machineCheck);
    }
  }

  private static void readMachines(
      YamlFile yaml,
      SequenceNode list,
      List<MachineDefinition> machines,
      Map<String, String> machineSources,
      Consumer<MachineDefinition> machineCheck) {
    List<Node> items = list.getValue();
    for (int i = 0; i < items.size(); i++) {
      String key = MACHINES_KEY + "[" + i + "]";
      MachineDefinition machine = MachineReader.read(yaml, items.get(i), key, machineCheck);
      String where = yaml.where(items.get(i));
      String earlier = machineSources.putIfAbsent(machine.id(), where);
      if (earlier != null) {
        throw new ConfigException(
            where,
            key + ".id",
            "machine id \"" + machine.id() + "\" is already used at " + earlier);
      }
      machines.add(machine);
    }
  }
}
