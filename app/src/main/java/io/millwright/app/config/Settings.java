package io.millwright.app.config;

import io.millwright.core.time.Durations;
import io.millwright.historian.retention.RawRetention;
import io.millwright.historian.retention.RollupLevel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every scalar setting of the binary. docs/configuration.md lists each one; a test keeps the two in
 * step.
 */
public final class Settings {

  public static final Setting<String> ENTERPRISE =
      Setting.of(
          "enterprise",
          "acme",
          text -> io.millwright.core.namespace.Names.requireName("enterprise name", text.strip()),
          "The enterprise: the first level of the namespace (ISA-95).");

  public static final Setting<String> SITE =
      Setting.of(
          "site",
          "plant-1",
          text -> io.millwright.core.namespace.Names.requireName("site id", text.strip()),
          "This site: the second level of the namespace and the Sparkplug group id.");

  public static final Setting<Path> DATA =
      Setting.of(
          "data",
          "./data",
          Settings::path,
          "Data directory: stores, buffers and credentials live here.");

  public static final Setting<String> HTTP_HOST =
      Setting.of("http.host", "0.0.0.0", Settings::host, "Address the HTTP server listens on.");

  public static final Setting<Integer> HTTP_PORT =
      Setting.of(
          "http.port",
          "8080",
          Settings::port,
          "HTTP port: web app, /api/v1, health, metrics, OpenAPI.");

  public static final Setting<String> MQTT_HOST =
      Setting.of(
          "mqtt.host", "0.0.0.0", Settings::host, "Address the embedded MQTT broker listens on.");

  public static final Setting<Integer> MQTT_PORT =
      Setting.of("mqtt.port", "1883", Settings::port, "MQTT port of the embedded broker.");

  public static final Setting<Integer> MQTT_TLS_PORT =
      Setting.of(
          "mqtt.tls.port",
          "8883",
          Settings::port,
          "MQTT over TLS port, used when a key store is set.");

  public static final Setting<Path> MQTT_TLS_KEY_STORE =
      Setting.of(
          "mqtt.tls.keyStore",
          null,
          Settings::path,
          "PKCS#12 key store with the broker's key and certificate chain; turns the TLS listener on.");

  public static final Setting<Secret> MQTT_TLS_KEY_STORE_PASSWORD =
      new Setting<>(
          "mqtt.tls.keyStorePassword",
          "MILLWRIGHT_MQTT_TLS_KEYSTORE_PASSWORD",
          null,
          Secret::new,
          "Password of the key store (and of its private key).",
          false);

  public static final Setting<String> MQTT_URL =
      Setting.of(
          "mqtt.url",
          null,
          Settings::mqttUrl,
          "An external broker (mqtt://host:1883 or mqtts://host:8883); the embedded broker then does not run.");

  public static final Setting<String> MQTT_USERNAME =
      Setting.of(
          "mqtt.username",
          null,
          Settings::text,
          "User the roles connect as to an external broker.");

  public static final Setting<Secret> MQTT_PASSWORD =
      Setting.envOnly(
          "mqtt.password", Secret::new, "Password for mqtt.username on the external broker.");

  public static final Setting<Boolean> MQTT_MIRROR =
      Setting.of(
          "mqtt.mirror",
          "false",
          Settings::bool,
          "Run the JSON mirror here: each machine tag retained as JSON on <enterprise>/<site>/<area>/<line>/<machine>/<tag>.");

  public static final Setting<List<String>> ROLES =
      Setting.of(
          "roles",
          "all",
          Settings::names,
          "Roles to run, comma-separated; 'all' is every edge role. The --roles option overrides it.");

  public static final Setting<Duration> SHUTDOWN_TIMEOUT =
      Setting.of(
          "shutdown.timeout",
          "8s",
          Settings::shutdownTimeout,
          "Time all roles share to stop cleanly on SIGTERM before they are abandoned.");

  public static final Setting<Secret> ADMIN_PASSWORD =
      Setting.envOnly(
          "admin.password",
          Settings::password,
          "The initial admin's password. When unset on first start, one is generated and printed once.");

  public static final Setting<String> CONNECTORS_NODE =
      Setting.of(
          "connectors.node",
          "connectors",
          text -> io.millwright.core.namespace.Names.requireName("edge node id", text.strip()),
          "Sparkplug edge node id of this process's connectors; each machine is a device below it. Unique per site.");

  public static final Setting<String> CONNECTORS_PRIMARY_HOST =
      Setting.of(
          "connectors.primaryHost",
          null,
          Settings::primaryHost,
          "Sparkplug host ids the connectors' edge node waits for, comma-separated, buffering while one is"
              + " offline; 'none' for no host. Unset: the historian and the publisher that run in this process.");

  public static final Setting<List<String>> OPERATOR_NAMESPACES =
      Setting.of(
          "operator.namespaces",
          null,
          Settings::names,
          "Namespaces the operator watches for Sites and Machines, comma-separated. Unset: every namespace.");

  public static final Setting<String> HISTORIAN_STORE =
      Setting.of(
          "historian.store",
          HistorianConfig.EMBEDDED,
          Settings::historianStore,
          "Where the historian keeps samples: 'embedded' (DuckDB in the data directory) or 'postgresql'.");

  public static final Setting<String> HISTORIAN_POSTGRESQL_URL =
      Setting.of(
          "historian.postgresql.url",
          null,
          Settings::jdbcUrl,
          "JDBC URL of the historian's PostgreSQL database, jdbc:postgresql://host:5432/database.");

  public static final Setting<String> HISTORIAN_POSTGRESQL_USER =
      Setting.of(
          "historian.postgresql.user",
          null,
          Settings::text,
          "The user the historian connects to PostgreSQL as.");

  public static final Setting<Secret> HISTORIAN_POSTGRESQL_PASSWORD =
      Setting.envOnly(
          "historian.postgresql.password", Secret::new, "Password of historian.postgresql.user.");

  public static final Setting<String> HISTORIAN_POSTGRESQL_SCHEMA =
      Setting.of(
          "historian.postgresql.schema",
          "millwright",
          Settings::sqlName,
          "Schema of the historian's tables in PostgreSQL; created when missing.");

  public static final Setting<String> SIMULATOR_HOST =
      Setting.of(
          "simulator.host",
          "127.0.0.1",
          Settings::host,
          "Address the simulated factory's OPC UA server and Modbus slaves listen on.");

  public static final Setting<Integer> SIMULATOR_OPCUA_PORT =
      Setting.of(
          "simulator.opcua.port",
          "4840",
          Settings::port,
          "Port of the simulated factory's OPC UA server (one server, a folder per machine).");

  public static final Setting<Integer> SIMULATOR_MODBUS_PORT =
      Setting.of(
          "simulator.modbus.port",
          "5020",
          Settings::port,
          "First port of the simulated Modbus TCP slaves, one per Modbus machine on consecutive ports.");

  public static final Setting<Integer> SIMULATOR_S7_PORT =
      Setting.of(
          "simulator.s7.port",
          "1102",
          Settings::port,
          "First port of the simulated Siemens S7 PLCs (ISO-on-TCP, as port 102 on a real PLC), one per S7 machine on consecutive ports.");

  public static final Setting<Integer> SIMULATOR_SQL_PORT =
      Setting.of(
          "simulator.sql.port",
          "9092",
          Settings::port,
          "First port of the simulated machines' SQL databases (H2 over TCP), one per SQL-table machine on consecutive ports.");

  public static final Setting<Integer> SIMULATOR_ERP_PORT =
      Setting.of(
          "simulator.erp.port",
          "8091",
          Settings::port,
          "Port of the simulated ERP's REST API (orders and confirmations), which the demo's jobs role polls.");

  public static final Setting<Boolean> SIMULATOR_BREAKS =
      Setting.of(
          "simulator.breaks",
          "true",
          Settings::bool,
          "Whether the simulated machines stop for the shift breaks (30 minutes at 10:00, 18:00 and 02:00 Europe/Rome); false keeps them working, e.g. for a demo shown at ten.");

  public static final Setting<Long> SIMULATOR_SEED =
      Setting.of(
          "simulator.seed",
          "1",
          Settings::seed,
          "Seed of the simulated factory: the same seed gives the same plant history.");

  public static final Setting<RawRetention> HISTORIAN_RETENTION =
      Setting.of(
          "historian.retention",
          "#=90d",
          RawRetention::parse,
          "How long the historian keeps raw samples, per tag pattern: pattern=age rules, the most specific wins.");

  public static final Setting<Optional<RollupLevel>> HISTORIAN_ROLLUPS =
      Setting.of(
          "historian.rollups",
          "1m=2y",
          RollupLevel::parse,
          "Rollups: bucket width and how long they are kept, or none.");

  /**
   * Not a scalar setting but a file of machines; named here so that its variable is documented
   * beside the others.
   */
  public static final String MACHINES_ENV = "MILLWRIGHT_MACHINES";

  public static final List<Setting<?>> ALL =
      List.of(
          ENTERPRISE,
          SITE,
          DATA,
          HTTP_HOST,
          HTTP_PORT,
          MQTT_HOST,
          MQTT_PORT,
          MQTT_TLS_PORT,
          MQTT_TLS_KEY_STORE,
          MQTT_TLS_KEY_STORE_PASSWORD,
          MQTT_URL,
          MQTT_USERNAME,
          MQTT_PASSWORD,
          MQTT_MIRROR,
          ROLES,
          SHUTDOWN_TIMEOUT,
          ADMIN_PASSWORD,
          CONNECTORS_NODE,
          CONNECTORS_PRIMARY_HOST,
          OPERATOR_NAMESPACES,
          HISTORIAN_STORE,
          HISTORIAN_POSTGRESQL_URL,
          HISTORIAN_POSTGRESQL_USER,
          HISTORIAN_POSTGRESQL_PASSWORD,
          HISTORIAN_POSTGRESQL_SCHEMA,
          HISTORIAN_RETENTION,
          HISTORIAN_ROLLUPS,
          SIMULATOR_HOST,
          SIMULATOR_OPCUA_PORT,
          SIMULATOR_MODBUS_PORT,
          SIMULATOR_S7_PORT,
          SIMULATOR_SQL_PORT,
          SIMULATOR_ERP_PORT,
          SIMULATOR_BREAKS,
          SIMULATOR_SEED);

  private Settings() {}

  static Path path(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("is empty; give a directory");
    }
    try {
      return Path.of(text.strip());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid path: " + e.getReason());
    }
  }

  static String host(String text) {
    String host = text.strip();
    if (host.isEmpty() || !host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      throw new IllegalArgumentException("\"" + text + "\" is not a host name or IP address");
    }
    return host;
  }

  static int port(String text) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "must be a port number from 1 to 65535, not \"" + text + "\"");
  }

  static String mqttUrl(String text) {
    // Parsed for validation only; roles build their clients from the text.
    io.millwright.uns.mqtt.MqttEndpoint.parse(text, null, null);
    return text.strip();
  }

  static boolean bool(String text) {
    return switch (text.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false, not \"" + text + "\"");
    };
  }

  static String text(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    return text.strip();
  }

  static List<String> names(String text) {
    List<String> names =
        Arrays.stream(text.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException("is empty; name at least one role, or 'all'");
    }
    return names;
  }

  static Duration shutdownTimeout(String text) {
    Duration d = Durations.parse(text);
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("must be between 1s and 60s, not " + text.strip());
    }
    return d;
  }

  static String primaryHost(String text) {
    String names = text.strip();
    if (names.equals("none")) {
      return names;
    }
    List<String> hosts = new ArrayList<>();
    for (String name : names.split(",")) {
      String host = io.millwright.core.namespace.Names.requireName("host id", name.strip());
      if (hosts.contains(host)) {
        throw new IllegalArgumentException("names host " + host + " twice");
      }
      hosts.add(host);
    }
    return String.join(",", hosts);
  }

  static String historianStore(String text) {
    String store = text.strip();
    if (!store.equals(HistorianConfig.EMBEDDED) && !store.equals(HistorianConfig.POSTGRESQL)) {
      throw new IllegalArgumentException("must be embedded or postgresql, not \"" + store + "\"");
    }
    return store;
  }

  static String jdbcUrl(String text) {
    String url = text.strip();
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "must be a PostgreSQL JDBC URL, jdbc:postgresql://host:5432/database");
    }
    return url;
  }

  static String sqlName(String text) {
    String name = text.strip();
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "must be a lower-case SQL name (letters, digits, _), not \"" + name + "\"");
    }
    return name;
  }

  static long seed(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number, not \"" + text + "\"");
    }
  }

  static Secret password(String text) {
    // The value is never echoed: an error message may end up in a log.
    if (text.length() < 8) {
      throw new IllegalArgumentException("is shorter than 8 characters; choose a longer password");
    }
    if (text.length() > 256) {
      throw new IllegalArgumentException("is longer than 256 characters");
    }
    return new Secret(text);
  }
}
