package io.millwright.app.cloud;

import io.millwright.app.config.CloudConfig;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.role.DataDirectoryModule;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code millwright demo --sites N}: the demo's other sites, each a whole Millwright of its own
 * (its simulated factory, broker, historian, publisher) in a child process, publishing to this
 * process's cloud role over HTTP on loopback. Separate processes, as real sites would be: one can
 * be killed or cut off without the others noticing. Their logs go to {@code
 * <data>/sites/<site>/millwright.log}.
 */
public final class DemoSites implements Module {

  private static final System.Logger LOG = System.getLogger(DemoSites.class.getName());

  /** Ports of site number i (0 for this process) are the demo's plus i times this. */
  static final int PORT_STRIDE = 100;

  private final List<Process> children = new ArrayList<>();

  @Override
  public void start(ModuleContext context) throws Exception {
    MillwrightConfig config = context.config();
    CloudConfig cloud = config.cloud().orElseThrow();
    Path root = context.require(DataDirectoryModule.KEY).root().resolve("sites");
    List<String> launcher = launcher();
    int number = 0;
    for (CloudConfig.Site site : cloud.sites()) {
      if (site.id().equals(config.site())) {
        continue;
      }
      number++;
      Path dir = Files.createDirectories(root.resolve(site.id()));
      Path file = dir.resolve("millwright.yaml");
      Files.writeString(
          file,
          "site: "
              + site.id()
              + "\npublisher:\n  transport: https\n  url: http://127.0.0.1:"
              + config.httpPort()
              + "\n  token: \"${MILLWRIGHT_DEMO_SITE_TOKEN}\"\n");
      List<String> command = new ArrayList<>(launcher);
      command.addAll(List.of("run", "--roles", "all,simulator", "--config", file.toString()));
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      env.putAll(ports(config, number));
      env.put("MILLWRIGHT_DATA", dir.resolve("data").toString());
      env.put("MILLWRIGHT_SIMULATOR_SEED", Long.toString(config.simulation().seed() + number));
      env.put("MILLWRIGHT_DEMO_SITE_TOKEN", site.token().orElseThrow().reveal());
      env.remove("MILLWRIGHT_ROLES");
      builder.redirectErrorStream(true);
      builder.redirectOutput(dir.resolve("millwright.log").toFile());
      children.add(builder.start());
      LOG.log(
          Level.INFO,
          "demo site "
              + site.id()
              + " starting in its own process: http://127.0.0.1:"
              + env.get("MILLWRIGHT_HTTP_PORT")
              + ", log "
              + dir.resolve("millwright.log"));
    }
  }

  /** Every port of site {@code number} moved by {@link #PORT_STRIDE} per site. */
  static Map<String, String> ports(MillwrightConfig config, int number) {
    int shift = number * PORT_STRIDE;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MILLWRIGHT_HTTP_PORT", Integer.toString(config.httpPort() + shift));
    env.put("MILLWRIGHT_MQTT_PORT", Integer.toString(config.mqtt().port() + shift));
    env.put("MILLWRIGHT_MQTT_TLS_PORT", Integer.toString(config.mqtt().tlsPort() + shift));
    env.put(
        "MILLWRIGHT_SIMULATOR_OPCUA_PORT",
        Integer.toString(config.simulation().opcuaPort() + shift));
    env.put(
        "MILLWRIGHT_SIMULATOR_MODBUS_PORT",
        Integer.toString(config.simulation().modbusPort() + shift));
    env.put("MILLWRIGHT_SIMULATOR_S7_PORT", Integer.toString(config.simulation().s7Port() + shift));
    env.put(
        "MILLWRIGHT_SIMULATOR_SQL_PORT", Integer.toString(config.simulation().sqlPort() + shift));
    env.put(
        "MILLWRIGHT_SIMULATOR_ERP_PORT", Integer.toString(config.simulation().erpPort() + shift));
    return env;
  }

  /** This JVM's own command up to the jar: the child runs the same binary the same way. */
  static List<String> launcher() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    List<String> args = info.arguments().map(List::of).orElse(List.of());
    int jar = args.indexOf("-jar");
    if (info.command().isEmpty() || jar < 0 || jar + 1 >= args.size()) {
      throw new IllegalStateException(
          "demo --sites needs to start this binary again and cannot see how it was started;"
              + " start the demo with the millwright script");
    }
    List<String> out = new ArrayList<>();
    out.add(info.command().get());
    out.addAll(args.subList(0, jar + 2));
    return out;
  }

  @Override
  public void stop() throws IOException {
    for (Process p : children) {
      p.destroy();
    }
    for (Process p : children) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    children.clear();
  }

  /** The child processes, for the fleet view's demo and tests. */
  List<Process> children() {
    return List.copyOf(children);
  }
}
