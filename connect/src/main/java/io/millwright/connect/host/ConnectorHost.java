package io.millwright.connect.host;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Runs the connectors of a set of machines and publishes each machine as a device of one Sparkplug
 * edge node: samples become DDATA, a lost link DDEATH, and DCMD writes go to the machine's
 * connector. One per connector process (all-in-one: every configured machine; on Kubernetes: the
 * machines of one pod).
 */
public final class ConnectorHost implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ConnectorHost.class.getName());

  private final EdgeNodeSession session;
  private final Map<String, Hosted> machines = new LinkedHashMap<>();

  private record Hosted(MachineDefinition machine, Connector connector) {}

  /**
   * Builds every connector (checking every definition) before anything connects.
   *
   * @throws io.millwright.core.machine.DefinitionException for a definition a connector refuses;
   *     the connectors built so far are closed
   */
  public ConnectorHost(
      EdgeNodeSession session, List<MachineDefinition> definitions, ConnectorCatalog catalog) {
    this.session = session;
    try {
      for (MachineDefinition machine : definitions) {
        machines.put(machine.id(), new Hosted(machine, catalog.create(machine)));
      }
    } catch (RuntimeException e) {
      closeConnectors();
      throw e;
    }
  }

  /**
   * Registers every machine as a device (offline until its connector's first readings), starts the
   * edge node session and then the connectors. Returns at once: machines connect in the background,
   * each on its own schedule.
   */
  public void start() {
    List<Runnable> starts = new ArrayList<>();
    for (Hosted hosted : machines.values()) {
      Connector connector = hosted.connector();
      String id = hosted.machine().id();
      DeviceHandle device =
          session.device(
              id,
              hosted.machine().tags().stream().map(ConnectorHost::asPublished).toList(),
              (tag, value) -> write(id, tag, value));
      device.offline("connecting");
      starts.add(() -> connector.start(new MachineLinkToDevice(device)));
    }
    session.start();
    starts.forEach(Runnable::run);
  }

  /**
   * The tag as the namespace carries it: a scaled integer register (raw 123 at factor 0.1 is 12.3
   * bar) is no longer whole, so it travels as a double; everything else keeps its type.
   */
  static Tag asPublished(Tag tag) {
    if (tag.scale().isIdentity() || tag.type().kind() != Value.Kind.LONG) {
      return tag;
    }
    return new Tag(
        tag.name(),
        tag.address(),
        DataType.FLOAT64,
        tag.unit(),
        tag.scale(),
        tag.deadband(),
        tag.samplingInterval(),
        tag.writable());
  }

  /** A DCMD from the namespace: handed to the connector; a refusal is logged, not thrown back. */
  private void write(String machineId, String tag, Value value) {
    Hosted hosted = machines.get(machineId);
    hosted
        .connector()
        .write(tag, value)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                LOG.log(
                    Level.WARNING,
                    () ->
                        "write of "
                            + machineId
                            + "/"
                            + tag
                            + " refused: "
                            + (cause instanceof WriteException ? cause.getMessage() : cause));
              }
            });
  }

  /** Every hosted machine with its link status, in definition order. */
  public List<MachineStatus> machines() {
    return machines.values().stream()
        .map(h -> new MachineStatus(h.machine(), h.connector().stats()))
        .toList();
  }

  /**
   * One machine's link status and counters.
   *
   * @throws IllegalArgumentException for a machine this host does not connect
   */
  public ConnectorStats stats(String machineId) {
    Hosted hosted = machines.get(machineId);
    if (hosted == null) {
      throw new IllegalArgumentException("no machine \"" + machineId + "\" here");
    }
    return hosted.connector().stats();
  }

  public EdgeNodeSession session() {
    return session;
  }

  @Override
  public void close() {
    closeConnectors();
    session.close();
  }

  private void closeConnectors() {
    for (Hosted hosted : machines.values()) {
      try {
        hosted.connector().close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the connector of " + hosted.machine().id(), e);
      }
    }
  }
}
