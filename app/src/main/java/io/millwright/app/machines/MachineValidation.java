package io.millwright.app.machines;

import io.millwright.app.config.MachineDefinitions;
import io.millwright.app.config.MachineDefinitions.FieldError;
import io.millwright.app.config.MachineDefinitions.InvalidMachineException;
import io.millwright.core.machine.MachineDefinition;
import java.util.List;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A machine definition sent to the API, checked with the configuration file's rules and the
 * protocol's own: valid, or the list of what is wrong, field by field. Never throws for any body.
 */
final class MachineValidation {

  private MachineValidation() {}

  /**
   * The answer for a body: 200 with the definition (and its tree, to keep as sent), or 400 with the
   * errors.
   */
  record Outcome(int status, MachineDefinition machine, Node tree, List<FieldError> errors) {

    boolean valid() {
      return status == 200;
    }
  }

  static Outcome validate(String json, Consumer<MachineDefinition> check) {
    try {
      Node tree = MachineDefinitions.parse(json);
      return new Outcome(200, MachineDefinitions.read(tree, check), tree, List.of());
    } catch (InvalidMachineException e) {
      return new Outcome(400, null, null, e.errors());
    }
  }
}
