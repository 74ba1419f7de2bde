package io.millwright.app;

import io.millwright.app.cli.CommandLine;
import io.millwright.app.cli.Invocation;
import io.millwright.app.cli.Invocation.Command;
import io.millwright.app.cli.UsageException;
import io.millwright.app.cloud.DemoCloud;
import io.millwright.app.config.ConfigException;
import io.millwright.app.config.ConfigLoader;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.http.LiveStreams;
import io.millwright.app.machines.Connectors;
import io.millwright.app.module.ModuleDescriptor;
import io.millwright.app.module.ModuleGraph;
import io.millwright.app.module.ModuleManager;
import io.millwright.app.role.RoleCatalog;
import io.millwright.operator.Render;
import io.millwright.web.users.PasswordHash;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The entry point. Everything that can be wrong with the command line or the configuration is found
 * here, before the framework starts: a mistake exits with code 2 and one line naming the key or
 * role, without binding a port.
 */
@QuarkusMain
public final class Main {

  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  static final int USAGE_ERROR = 2;

  private Main() {}

  public static void main(String... args) {
    Launch launch;
    try {
      launch = prepare(args, System.getenv());
    } catch (UsageException e) {
      System.err.println("millwright: " + e.getMessage());
      System.err.println("Run 'millwright help' for the commands and options.");
      System.exit(USAGE_ERROR);
      return;
    } catch (ConfigException e) {
      System.err.println("millwright: configuration error: " + e.getMessage());
      System.exit(USAGE_ERROR);
      return;
    }
    switch (launch.invocation().command()) {
      case VERSION -> System.out.println("millwright " + Version.current());
      case PASSWD -> System.exit(passwd());
      case OPERATOR_RENDER -> System.exit(render(launch.invocation().files()));
      case HELP -> System.out.print(CommandLine.usage());
      default -> {
        Launch.set(launch);
        MillwrightConfig config = launch.config();
        // The framework reads its own settings; ours decide them so that there is one source of
        // truth.
        System.setProperty("quarkus.http.port", Integer.toString(config.httpPort()));
        System.setProperty("quarkus.http.host", config.httpHost());
        stopCleanlyOnSignals();
        initialiseH2();
        // The modules need nothing of the framework: they start while it boots, which saves its
        // two seconds or so of the time to ready.
        launch.manager().beginStart();
        Quarkus.run(MillwrightApplication.class, args);
      }
    }
  }

  /**
   * Initialises H2's classes here, on one thread, before the modules start. Five modules (users,
   * connectors, alarms, jobs, OEE) each open an H2 database or store on their own start thread, all
   * at once when an external broker lets them start together, and H2's file-system classes deadlock
   * when first initialised by several threads: {@code FilePath}'s static initialiser loads its
   * subclass {@code FilePathWrapper} while another thread, initialising that subclass, waits for
   * {@code FilePath} (seen in a thread dump of a start that hung in {@code BrokerIT}).
   */
  private static void initialiseH2() {
    try {
      Class.forName("org.h2.store.fs.FilePath", true, Main.class.getClassLoader());
      try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
        c.isValid(1);
      }
    } catch (ClassNotFoundException | SQLException e) {
      // Not fatal here: a module that opens its database reports a problem with its name. A newer
      // H2 without that class is caught by BrokerIT's external-broker start hanging again.
      LOG.log(Level.WARNING, "could not initialise H2 ahead of the modules: " + e);
    }
  }

  /**
   * Prints the hash of a password for {@code mqtt.users}: asked twice without echo on a terminal,
   * else the first line of standard input (for scripts: {@code echo "$PW" | millwright passwd}).
   */
  private static int passwd() {
    String password;
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? null : new String(typed);
    } else {
      try {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        password = in.readLine();
      } catch (IOException e) {
        System.err.println("millwright: cannot read standard input: " + e.getMessage());
        return USAGE_ERROR;
      }
    }
    if (password == null || password.length() < 8) {
      System.err.println("millwright: a password needs at least 8 characters");
      return USAGE_ERROR;
    }
    System.out.println(PasswordHash.of(password).text());
    return 0;
  }

  /**
   * Prints, as multi-document YAML, what the operator would apply for the Site and Machines in the
   * files; machines that cannot be deployed are named on standard error (and as comments).
   */
  private static int render(List<java.nio.file.Path> files) {
    try {
      Render.Rendering rendering = Render.render(files, Connectors.definitionCheck());
      rendering
          .invalidMachines()
          .forEach(
              (name, why) ->
                  System.err.println("millwright: Machine " + name + " is not deployed: " + why));
      System.out.print(rendering.yaml());
      return 0;
    } catch (Render.RenderException e) {
      System.err.println("millwright: " + e.getMessage());
      return USAGE_ERROR;
    }
  }

  /**
   * SIGTERM (Kubernetes, systemd, docker stop) and SIGINT (Ctrl+C) are requests for a clean stop,
   * not failures: the JVM's own handler would exit with 143 or 130 after the shutdown hooks; this
   * one asks the application to stop, so the roles stop in order and the exit code is 0 (or 1 when
   * a role had failed).
   *
   * <p>The JDK's only signal API is {@code sun.misc.Signal} in {@code jdk.unsupported}, the module
   * meant for such uses; javac warns on every direct reference to it without a way to silence just
   * that, and warnings fail this build, so it is reached through reflection. Where it is missing,
   * the JVM's default handling stays: still a clean stop, exit 143.
   */
  private static void stopCleanlyOnSignals() {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler =
          Proxy.newProxyInstance(
              Main.class.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, methodArgs) -> {
                if (method.getName().equals("handle")) {
                  LiveStreams.endAll();
                  Quarkus.asyncExit(0);
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == methodArgs[0];
                  default -> "millwright stop handler";
                };
              });
      Method handle = signal.getMethod("handle", signal, handlerType);
      for (String name : List.of("TERM", "INT")) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("millwright: signals keep the JVM's default handling (" + e + ")");
    }
  }

  /**
   * Parses, loads and plans; throws {@link UsageException} or {@link ConfigException} for anything
   * the user must fix. Separate from {@link #main} so that tests can check every refusal without
   * starting a process.
   */
  static Launch prepare(String[] args, Map<String, String> env) {
    Invocation invocation = CommandLine.parse(args);
    if (invocation.command() == Command.VERSION
        || invocation.command() == Command.HELP
        || invocation.command() == Command.PASSWD
        || invocation.command() == Command.OPERATOR_RENDER) {
      return new Launch(invocation, null, null);
    }
    MillwrightConfig config =
        ConfigLoader.load(
            invocation.config(), invocation.machines(), env, Connectors.definitionCheck());
    List<String> roles =
        switch (invocation.command()) {
          case RUN -> invocation.roles().orElse(config.roles());
          case DEMO -> withSimulator(config, List.of(ModuleGraph.ALL));
          case SIMULATE -> List.of(RoleCatalog.SIMULATOR);
          default ->
              throw new IllegalStateException("not a serving command: " + invocation.command());
        };
    if (invocation.command() == Command.DEMO) {
      config = DemoCloud.withEdgeToCloud(config, invocation.sites());
      roles = DemoCloud.roles(config, roles, invocation.sites());
    }
    config = config.withRoles(roles);
    if (invocation.command() == Command.DEMO) {
      config = config.withMirror();
    }
    if (config.mqtt().external() && roles.contains(RoleCatalog.BROKER)) {
      throw new UsageException(
          "role '"
              + RoleCatalog.BROKER
              + "' is off because mqtt.url points at an external broker; remove one or the other");
    }
    ModuleGraph graph = RoleCatalog.graph(config);
    List<ModuleDescriptor> plan;
    try {
      plan = graph.plan(roles);
    } catch (ModuleGraph.UnknownRoleException e) {
      if (invocation.command() == Command.SIMULATE) {
        throw new UsageException(
            "the simulated factory (role '"
                + RoleCatalog.SIMULATOR
                + "') is not part of this build yet");
      }
      String source =
          invocation.roles().isPresent() ? "--roles" : "roles (configuration or MILLWRIGHT_ROLES)";
      throw new UsageException(source + ": " + e.getMessage());
    }
    ModuleManager manager =
        new ModuleManager(plan, config, why -> Quarkus.asyncExit(MillwrightApplication.FAILURE));
    return new Launch(invocation, config, manager);
  }

  /** The demo adds the simulated factory once the binary has one. */
  private static List<String> withSimulator(MillwrightConfig config, List<String> roles) {
    if (RoleCatalog.graph(config).roleNames().contains(RoleCatalog.SIMULATOR)) {
      return Stream.concat(roles.stream(), Stream.of(RoleCatalog.SIMULATOR)).toList();
    }
    return roles;
  }
}
