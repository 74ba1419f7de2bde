package io.millwright.app.cli;

import io.millwright.app.cli.Invocation.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code millwright <command> [options]}. Small enough to write by hand, and it runs before
 * the application framework starts, so a wrong command line fails in milliseconds with exit code 2
 * and binds no port.
 */
public final class CommandLine {

  private CommandLine() {}

  public static Invocation parse(String... args) {
    if (args.length == 0) {
      throw new UsageException("no command given");
    }
    if (args[0].equals("operator")) {
      return operator(args);
    }
    Command command =
        switch (args[0]) {
          case "demo" -> Command.DEMO;
          case "run" -> Command.RUN;
          case "simulate" -> Command.SIMULATE;
          case "passwd" -> Command.PASSWD;
          case "version", "--version", "-V" -> Command.VERSION;
          case "help", "--help", "-h" -> Command.HELP;
          default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    Optional<Path> config = Optional.empty();
    Optional<Path> machines = Optional.empty();
    Optional<List<String>> roles = Optional.empty();
    int sites = 1;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      if (command == Command.VERSION || command == Command.HELP || command == Command.PASSWD) {
        throw new UsageException(
            "'" + command.word() + "' takes no options, but got '" + arg + "'");
      }
      switch (option) {
        case "--config", "-c" -> config = Optional.of(Path.of(value(args, i, option, inline)));
        case "--machines" -> machines = Optional.of(Path.of(value(args, i, option, inline)));
        case "--roles" -> {
          if (command != Command.RUN) {
            throw new UsageException(
                "--roles belongs to 'run'; '" + command.word() + "' chooses its own roles");
          }
          roles = Optional.of(roleList(value(args, i, option, inline)));
        }
        case "--sites" -> {
          if (command != Command.DEMO) {
            throw new UsageException("--sites belongs to 'demo'");
          }
          sites = sites(value(args, i, option, inline));
        }
        default ->
            throw new UsageException("unknown option '" + arg + "' for '" + command.word() + "'");
      }
      if (inline == null) {
        i++;
      }
    }
    return new Invocation(command, config, machines, roles, sites, List.of());
  }

  /** {@code operator render -f FILE [-f FILE ...]}: no cluster, no configuration, only files. */
  private static Invocation operator(String[] args) {
    if (args.length < 2 || !args[1].equals("render")) {
      throw new UsageException(
          "'operator' has one subcommand: operator render -f site.yaml -f machines.yaml");
    }
    List<Path> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String arg = args[i];
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      if (!option.equals("-f") && !option.equals("--filename")) {
        throw new UsageException("unknown option '" + arg + "' for 'operator render'");
      }
      files.add(Path.of(value(args, i, option, inline)));
      if (inline == null) {
        i++;
      }
    }
    if (files.isEmpty()) {
      throw new UsageException("operator render needs -f FILE: the Site and its Machines");
    }
    return new Invocation(
        Command.OPERATOR_RENDER, Optional.empty(), Optional.empty(), Optional.empty(), 1, files);
  }

  public static String usage() {
    StringBuilder out = new StringBuilder();
    out.append("usage: millwright <command> [options]\n\ncommands:\n");
    for (Command c : Command.values()) {
      out.append(String.format("  %-16s %s%n", c.word(), c.summary()));
    }
    out.append(
        """

        options:
          --config FILE     YAML configuration (see docs/configuration.md)
          --machines FILE   YAML file with a 'machines:' list (or MILLWRIGHT_MACHINES)
          --roles a,b       roles for 'run'; 'all' is every edge role
          --sites N         simulated sites for 'demo', 1 to 10, each feeding the demo's cloud (default 1)
          -f FILE           a Site or Machines file for 'operator render' (repeatable)
        """);
    return out.toString();
  }

  private static String value(String[] args, int i, String option, String inline) {
    if (inline != null) {
      if (inline.isEmpty()) {
        throw new UsageException(option + " needs a value");
      }
      return inline;
    }
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args[i + 1];
  }

  private static List<String> roleList(String text) {
    List<String> roles =
        Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (roles.isEmpty()) {
      throw new UsageException("--roles needs at least one role");
    }
    return roles;
  }

  static final int MAX_SITES = 10;

  private static int sites(String text) {
    try {
      int n = Integer.parseInt(text);
      // Each site beyond the first is a whole Millwright in a process of its own (~400 MB).
      if (n >= 1 && n <= MAX_SITES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--sites must be a whole number from 1 to " + MAX_SITES + ", not '" + text + "'");
  }
}
