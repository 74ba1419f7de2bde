package io.millwright.simulator;

import io.millwright.core.machine.MachineDefinition;

/**
 * One machine presented on its own over a protocol that has a server per machine: S7, an SQL
 * results table, a file-drop folder, MQTT topics. (OPC UA machines share one server and Modbus
 * machines get a slave each; they predate this contract.) The simulator starts it, calls {@link
 * #tick} from its clock thread after each step of the plant model, and asks it for the definition a
 * connector needs.
 */
public interface MachinePresenter extends AutoCloseable {

  /** The machine presented. */
  ServedMachine machine();

  /**
   * Binds, creates or connects what the machine is reached by, and returns.
   *
   * @throws PortInUseException naming the port when it is taken; nothing is left running
   */
  void start();

  /**
   * After a step of the plant model, on the clock thread: publish what changed (a result row, a
   * result file, a message), take commands the connector wrote, follow the machine's link state.
   * Must not block for long; failures are the presenter's to count and log.
   */
  default void tick(long epochMillis) {}

  /**
   * How a connector reaches the machine: protocol, endpoint with the bound port or folder, options
   * and tag addresses. Without the machine's states and alarms, which the simulator adds.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  MachineDefinition definition();

  /** Stops; its threads are gone and its port is free when this returns. Idempotent. */
  @Override
  void close();
}
