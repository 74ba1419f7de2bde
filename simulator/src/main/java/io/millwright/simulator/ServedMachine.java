package io.millwright.simulator;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.StateModel;
import io.millwright.core.sample.Value;
import java.util.List;
import java.util.Optional;

/**
 * What a protocol server serves: one simulated machine's tags, read and written by name. The
 * contract between the plant model ({@code plant}) and the protocol servers ({@code opcua}, {@code
 * modbus}); both sides are thread-safe, as servers read from their own I/O threads while the plant
 * clock advances the model.
 */
public interface ServedMachine {

  /** The machine id, {@code press-01}: the OPC UA folder name and the Sparkplug device id. */
  String id();

  /** The human name, {@code Hydraulic press 400 t}. */
  String name();

  /** ISA-95 area and line (or cell) below the site. */
  String area();

  String line();

  /** The protocol this machine speaks in the demo. */
  Protocol protocol();

  /** The tags in a stable order (the Modbus register map is laid out in this order). */
  List<TagSpec> tags();

  /**
   * The tag's current value.
   *
   * @throws IllegalArgumentException for a tag the machine does not have
   */
  Value read(String tag);

  /**
   * Writes a writable tag (setpoints, job fields), as an operator or the jobs role would.
   *
   * @throws IllegalArgumentException for an unknown or read-only tag, or a value of the wrong kind
   *     or out of range; the message says which
   */
  void write(String tag, Value value);

  /**
   * Whether the machine's network link is up. A link drop injected through the simulator API makes
   * the servers refuse this machine's clients until it comes back.
   */
  boolean linkUp();

  /**
   * How the machine's tags give its state, reasons and part counts, for the {@code oee} role; empty
   * for load-generating machines that have no states.
   */
  default Optional<StateModel> stateModel() {
    return Optional.empty();
  }

  /** The alarms the machine's definition ships with; none for load-generating machines. */
  default List<AlarmDefinition> alarms() {
    return List.of();
  }
}
