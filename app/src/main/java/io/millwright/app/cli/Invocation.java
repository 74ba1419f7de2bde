package io.millwright.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the user asked for on the command line.
 *
 * @param roles the {@code --roles} option, which overrides configuration and environment
 * @param sites how many simulated sites {@code demo} runs
 * @param files the {@code -f} files of {@code operator render}
 */
public record Invocation(
    Command command,
    Optional<Path> config,
    Optional<Path> machines,
    Optional<List<String>> roles,
    int sites,
    List<Path> files) {

  public enum Command {
    DEMO("demo", "start every role with the simulated factory and print the URL"),
    RUN("run", "start the roles given by --roles (default: all edge roles)"),
    SIMULATE("simulate", "serve the simulated factory's machines only"),
    OPERATOR_RENDER(
        "operator render",
        "print the objects the operator would apply for -f site.yaml -f machines.yaml"),
    PASSWD("passwd", "read a password on standard input and print its hash for mqtt.users"),
    VERSION("version", "print the version"),
    HELP("help", "print this help");

    private final String word;
    private final String summary;

    Command(String word, String summary) {
      this.word = word;
      this.summary = summary;
    }

    public String word() {
      return word;
    }

    public String summary() {
      return summary;
    }
  }
}
