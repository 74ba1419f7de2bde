package io.millwright.connect.host;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Runs the connectors of a set of machines and publishes each machine as a device of one Sparkplug
 * edge node: samples become DDATA, a lost link DDEATH, and DCMD writes go to the machine's
 * connector. One per connector process (all-in-one: every configured machine; on Kubernetes: the
 * machines of one pod). Machines can be added, replaced ({@link #apply}) and removed ({@link
 * #remove}) while it runs; {@link #machines()}, {@link #stats} and DCMD writes may run meanwhile
 * from any thread.
 */
public final class ConnectorHost implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ConnectorHost.class.getName());

  private final EdgeNodeSession session;
  private final ConnectorCatalog catalog;
  // Changes (start, apply, remove, close) take the lock and publish a new map; readers (the
  // machines API, DCMD writes) use the current one without locking.
  private final Object lock = new Object();
  private volatile Map<String, Hosted> machines = Map.of();
  // Guarded by lock.
  private boolean started;
  private boolean closed;

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
    this.catalog = catalog;
    Map<String, Hosted> built = new LinkedHashMap<>();
    try {
      for (MachineDefinition machine : definitions) {
        Hosted previous = built.put(machine.id(), new Hosted(machine, catalog.create(machine)));
        if (previous != null) {
          previous.connector().close();
          throw new IllegalArgumentException("two machines with the id " + machine.id());
        }
      }
    } catch (RuntimeException e) {
      closeConnectors(built.values());
      throw e;
    }
    machines = Collections.unmodifiableMap(built);
  }

  /**
   * Registers every machine as a device (offline until its connector's first readings), starts the
   * edge node session and then the connectors. Returns at once: machines connect in the background,
   * each on its own schedule.
   */
  public void start() {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "closed" : "already started");
      }
      started = true;
      List<Runnable> starts = new ArrayList<>();
      for (Hosted hosted : machines.values()) {
        starts.add(register(hosted));
      }
      session.start();
      starts.forEach(Runnable::run);
    }
  }

  /**
   * Adds a machine, or replaces the one with the same id, while the host runs: the new definition's
   * connector is built first (so a definition its connector refuses changes nothing), then the old
   * connector is closed, its device dies (DDEATH) and is registered again with the new tags, to be
   * born (DBIRTH with the new metric set) once the new connector has its first readings. A machine
   * keeps its place in {@link #machines()}; a new one comes last.
   *
   * @return whether a machine was replaced (false: added)
   * @throws io.millwright.core.machine.DefinitionException for a definition the connector refuses
   * @throws IllegalStateException once the host is closed
   */
  public boolean apply(MachineDefinition machine) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the connector host is closed");
      }
      Hosted replacement = new Hosted(machine, catalog.create(machine));
      Hosted old = machines.get(machine.id());
      if (old != null) {
        retire(old);
      }
      Map<String, Hosted> next = new LinkedHashMap<>(machines);
      next.put(machine.id(), replacement);
      machines = Collections.unmodifiableMap(next);
      if (started) {
        register(replacement).run();
      }
      LOG.log(
          Level.INFO,
          () -> (old == null ? "added" : "replaced") + " the machine " + machine.id() + " live");
      return old != null;
    }
  }

  /**
   * Stops connecting a machine: its connector is closed and its device dies (DDEATH) and is
   * forgotten.
   *
   * @return whether there was such a machine
   */
  public boolean remove(String machineId) {
    synchronized (lock) {
      Hosted old = machines.get(machineId);
      if (old == null || closed) {
        return false;
      }
      Map<String, Hosted> next = new LinkedHashMap<>(machines);
      next.remove(machineId);
      machines = Collections.unmodifiableMap(next);
      retire(old);
      LOG.log(Level.INFO, () -> "removed the machine " + machineId + " live");
      return true;
    }
  }

  /** Under the lock: the connector first, so no reading follows the device's death. */
  private void retire(Hosted old) {
    closeConnectors(List.of(old));
    if (started) {
      session.removeDevice(old.machine().id());
    }
  }

  /**
   * Under the lock: registers the machine's device, offline until the connector's first readings;
   * returns what starts the connector.
   */
  private Runnable register(Hosted hosted) {
    Connector connector = hosted.connector();
    String id = hosted.machine().id();
    DeviceHandle device =
        session.offlineDevice(
            id,
            hosted.machine().tags().stream().map(ConnectorHost::asPublished).toList(),
            (tag, value) -> write(id, connector, tag, value));
    Protocol protocol = hosted.machine().protocol();
    boolean reportsOnEvents =
        protocol == Protocol.SQL || protocol == Protocol.FILE || protocol == Protocol.MQTT;
    return () -> connector.start(new MachineLinkToDevice(device, reportsOnEvents));
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

  /**
   * A DCMD from the namespace: handed to the connector of the device it came to (a command that
   * arrives for a device just replaced goes to its closed connector and is refused); a refusal is
   * logged, not thrown back.
   */
  private void write(String machineId, Connector connector, String tag, Value value) {
    connector
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
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      closeConnectors(machines.values());
    }
    session.close();
  }

  private static void closeConnectors(Collection<Hosted> all) {
    for (Hosted hosted : all) {
      try {
        hosted.connector().close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the connector of " + hosted.machine().id(), e);
      }
    }
  }
}
