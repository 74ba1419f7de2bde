package io.millwright.simulator.s7;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.simulator.MachinePresenter;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.Simulator;
import io.millwright.simulator.TagSpec;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine presented as an S7-1500 CPU on its own port: its tags in data block DB1 (see {@link
 * DataBlockLayout}), read and written with Read Var and Write Var over ISO-on-TCP. Values are read
 * from the machine when a request comes, so every answer is current; {@link #tick} only follows the
 * machine's link.
 */
public final class S7Presenter implements MachinePresenter {

  /**
   * Tells the connector which CPU it talks to, so that it need not ask (an SZL read) on connecting.
   */
  public static final Map<String, String> OPTIONS = Map.of("controllerType", "S7-1500");

  private final ServedMachine machine;
  private final String advertisedHost;
  private final DataBlockLayout layout;
  private final S7Counters counters = new S7Counters();
  private final S7Server server;
  private boolean started;

  /**
   * @param host the address to listen on
   * @param port the port, 0 for any free one; a real CPU listens on 102, which takes privileges to
   *     bind
   * @param advertisedHost the host a connector is told to connect to
   * @throws IllegalArgumentException when the machine's tags do not fit in one data block
   */
  public S7Presenter(ServedMachine machine, InetAddress host, int port, String advertisedHost) {
    this.machine = machine;
    this.advertisedHost = advertisedHost;
    this.layout = DataBlockLayout.of(machine.tags());
    this.server =
        new S7Server(machine, new PlcMemory(machine, layout, counters), counters, host, port);
  }

  @Override
  public ServedMachine machine() {
    return machine;
  }

  @Override
  public synchronized void start() {
    server.start();
    started = true;
  }

  @Override
  public void tick(long epochMillis) {
    server.syncLink();
  }

  @Override
  public synchronized MachineDefinition definition() {
    if (!started) {
      throw new IllegalStateException("start the S7 presenter first: its port is known once bound");
    }
    List<Tag> tags = layout.slots().stream().map(S7Presenter::tag).toList();
    return new MachineDefinition(
        machine.id(),
        machine.name(),
        machine.area(),
        machine.line(),
        Protocol.S7,
        "s7://" + advertisedHost + ":" + server.port() + "?rack=0&slot=1",
        OPTIONS,
        Simulator.READ_INTERVAL,
        tags);
  }

  /** Where each tag lives in DB1. */
  public DataBlockLayout layout() {
    return layout;
  }

  /** The port bound (the actual one when 0 was asked for). */
  public int port() {
    return server.port();
  }

  public S7Counters counters() {
    return counters;
  }

  @Override
  public void close() {
    server.close();
  }

  private static Tag tag(S7Slot slot) {
    TagSpec spec = slot.tag();
    return new Tag(
        spec.name(),
        slot.address(),
        spec.type(),
        spec.unit(),
        Scale.IDENTITY,
        0,
        Optional.empty(),
        spec.writable());
  }
}
