package io.millwright.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.app.cli.Invocation.Command;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void readsTheContractCommands() {
    assertThat(CommandLine.parse("demo").command()).isEqualTo(Command.DEMO);
    assertThat(CommandLine.parse("simulate").command()).isEqualTo(Command.SIMULATE);
    assertThat(CommandLine.parse("version").command()).isEqualTo(Command.VERSION);
    assertThat(CommandLine.parse("--version").command()).isEqualTo(Command.VERSION);
    Invocation run =
        CommandLine.parse(
            "run", "--roles", "broker, historian", "--config=site.yaml", "--machines", "m.yaml");
    assertThat(run.roles()).contains(List.of("broker", "historian"));
    assertThat(run.config()).contains(Path.of("site.yaml"));
    assertThat(run.machines()).contains(Path.of("m.yaml"));
    assertThat(CommandLine.parse("demo", "--sites", "1").sites()).isEqualTo(1);
  }

  @Test
  void refusesWhatItDoesNotKnowWithAReason() {
    assertThatThrownBy(() -> CommandLine.parse()).hasMessage("no command given");
    assertThatThrownBy(() -> CommandLine.parse("start")).hasMessage("unknown command 'start'");
    assertThatThrownBy(() -> CommandLine.parse("run", "--role", "broker"))
        .hasMessage("unknown option '--role' for 'run'");
    assertThatThrownBy(() -> CommandLine.parse("run", "--roles"))
        .hasMessage("--roles needs a value");
    assertThatThrownBy(() -> CommandLine.parse("run", "--roles", "--config", "x"))
        .hasMessage("--roles needs a value");
    assertThatThrownBy(() -> CommandLine.parse("run", "--roles", " , "))
        .hasMessage("--roles needs at least one role");
    assertThatThrownBy(() -> CommandLine.parse("demo", "--roles", "broker"))
        .hasMessageStartingWith("--roles belongs to 'run'");
    assertThatThrownBy(() -> CommandLine.parse("demo", "--sites", "0"))
        .hasMessage("--sites must be a whole number from 1 to 10, not '0'");
    assertThatThrownBy(() -> CommandLine.parse("version", "--config", "x"))
        .hasMessageStartingWith("'version' takes no options");
  }

  @Test
  void operatorRenderTakesOnlyFiles() {
    Invocation render =
        CommandLine.parse("operator", "render", "-f", "site.yaml", "--filename=machines.yaml");
    assertThat(render.command()).isEqualTo(Command.OPERATOR_RENDER);
    assertThat(render.files()).containsExactly(Path.of("site.yaml"), Path.of("machines.yaml"));
    assertThatThrownBy(() -> CommandLine.parse("operator"))
        .hasMessageStartingWith("'operator' has one subcommand: operator render");
    assertThatThrownBy(() -> CommandLine.parse("operator", "render"))
        .hasMessageStartingWith("operator render needs -f FILE");
    assertThatThrownBy(() -> CommandLine.parse("operator", "render", "-f"))
        .hasMessage("-f needs a value");
    assertThatThrownBy(() -> CommandLine.parse("operator", "render", "--config", "x"))
        .hasMessage("unknown option '--config' for 'operator render'");
  }

  @Test
  void usageListsEveryCommand() {
    for (Command c : Command.values()) {
      assertThat(CommandLine.usage()).contains(c.word());
    }
  }
}
