package io.millwright.simulator;

import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.simulator.modbus.ModbusSlave;
import io.millwright.simulator.modbus.RegisterSlot;
import io.millwright.simulator.modbus.SlaveCounters;
import io.millwright.simulator.opcua.OpcUaCounters;
import io.millwright.simulator.opcua.OpcUaSimulatorServer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The simulated plant on the network: one OPC UA server for the OPC UA machines, one Modbus TCP
 * slave per Modbus machine, and a clock thread that advances the plant model every tick. {@link
 * #machineDefinitions()} tells connectors where to find each machine.
 */
public final class Simulator implements AutoCloseable {

  /** How often polled and subscribed tags of the generated definitions are read. */
  public static final Duration READ_INTERVAL = Duration.ofSeconds(1);

  /** The Modbus options every slave answers to (see SERVERS.md). */
  public static final Map<String, String> MODBUS_OPTIONS =
      Map.of("unitId", "1", "wordOrder", "big", "byteOrder", "big");

  private static final Logger LOG = System.getLogger(Simulator.class.getName());

  private final SimulatorConfig config;
  private final List<? extends ServedMachine> machines;
  private final LongConsumer advanceTo;
  private final LongAdder clockFailures = new LongAdder();
  private final Map<String, ModbusSlave> slaves = new LinkedHashMap<>();
  private final Map<String, MachinePresenter> presenters = new LinkedHashMap<>();
  private OpcUaSimulatorServer opcua;
  private ScheduledExecutorService clock;
  private boolean started;

  /**
   * @param machines the plant's machines, each speaking {@code opcua} or {@code modbus}
   * @param advanceTo moves the plant model to a wall-clock time (epoch milliseconds); called from
   *     the clock thread only
   * @throws IllegalArgumentException for a machine of another protocol, or duplicate ids
   */
  public Simulator(
      SimulatorConfig config, List<? extends ServedMachine> machines, LongConsumer advanceTo) {
    this(config, machines, advanceTo, List.of());
  }

  /**
   * @param presenters the machines of other protocols (S7, SQL, files, MQTT), each presented on its
   *     own; started after the shared servers, ticked after the model, closed before them
   */
  public Simulator(
      SimulatorConfig config,
      List<? extends ServedMachine> machines,
      LongConsumer advanceTo,
      List<? extends MachinePresenter> presenters) {
    this.config = config;
    this.machines = List.copyOf(machines);
    this.advanceTo = advanceTo;
    for (MachinePresenter p : presenters) {
      if (this.presenters.put(p.machine().id(), p) != null) {
        throw new IllegalArgumentException("machine " + p.machine().id() + " is presented twice");
      }
    }
    List<String> ids = new ArrayList<>();
    for (ServedMachine m : this.machines) {
      boolean presented = this.presenters.containsKey(m.id());
      if (m.protocol() != Protocol.OPCUA && m.protocol() != Protocol.MODBUS && !presented) {
        throw new IllegalArgumentException(
            "machine "
                + m.id()
                + " speaks "
                + m.protocol().configName()
                + "; the simulator serves opcua and modbus machines itself, and needs a presenter"
                + " for the others");
      }
      if (ids.contains(m.id())) {
        throw new IllegalArgumentException("machine id " + m.id() + " is used twice");
      }
      ids.add(m.id());
    }
    long modbus = this.machines.stream().filter(m -> m.protocol() == Protocol.MODBUS).count();
    if (config.modbusBasePort() != 0 && config.modbusBasePort() + modbus - 1 > 65535) {
      throw new IllegalArgumentException(
          modbus + " Modbus slaves do not fit above port " + config.modbusBasePort());
    }
  }

  /**
   * Starts the servers, then the clock.
   *
   * @throws PortInUseException naming the port that is taken; nothing is left running
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the simulator is already started");
    }
    started = true;
    try {
      InetAddress bind = InetAddress.getByName(config.host());
      int next = config.modbusBasePort();
      for (ServedMachine m : machines) {
        if (m.protocol() == Protocol.MODBUS && !presenters.containsKey(m.id())) {
          ModbusSlave slave = new ModbusSlave(m, bind, next);
          slaves.put(m.id(), slave);
          slave.start();
          next = next == 0 ? 0 : next + 1;
        }
      }
      List<? extends ServedMachine> opcuaMachines =
          machines.stream()
              .filter(m -> m.protocol() == Protocol.OPCUA && !presenters.containsKey(m.id()))
              .toList();
      if (!opcuaMachines.isEmpty()) {
        opcua =
            OpcUaSimulatorServer.start(
                config.host(),
                config.advertisedHost(),
                config.opcuaPort(),
                config.pkiDir(),
                config.opcuaUser(),
                opcuaMachines);
      }
      for (MachinePresenter p : presenters.values()) {
        p.start();
      }
    } catch (UnknownHostException e) {
      close();
      throw new IllegalArgumentException("simulator host " + config.host() + " is unknown", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    clock =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("millwright-simulator-clock").daemon(true).unstarted(r));
    long tick = config.tick().toMillis();
    clock.scheduleAtFixedRate(this::tick, 0, Math.max(1, tick), TimeUnit.MILLISECONDS);
    LOG.log(
        Level.INFO,
        "simulator serving {0} machines: OPC UA {1}, Modbus {2}",
        machines.size(),
        opcua == null ? "none" : opcua.endpointUrl(),
        slaves.isEmpty() ? "none" : slaves.values().stream().map(ModbusSlave::port).toList());
  }

  private void tick() {
    try {
      advanceTo.accept(System.currentTimeMillis());
    } catch (RuntimeException e) {
      // A model bug must not stop the clock (a thrown exception would cancel the schedule).
      clockFailures.increment();
      LOG.log(Level.WARNING, "plant model failed to advance", e);
    }
    long now = System.currentTimeMillis();
    for (MachinePresenter p : presenters.values()) {
      try {
        p.tick(now);
      } catch (RuntimeException e) {
        clockFailures.increment();
        LOG.log(Level.WARNING, "presenter of " + p.machine().id() + " failed a tick", e);
      }
    }
    for (ModbusSlave slave : slaves.values()) {
      try {
        slave.syncLink();
      } catch (RuntimeException e) {
        clockFailures.increment();
        LOG.log(
            Level.WARNING,
            "Modbus slave of " + slave.machine().id() + " cannot follow its link",
            e);
      }
    }
  }

  /**
   * What a connector needs for each machine, in the machines' order: protocol, endpoint with the
   * bound port, options, and a tag per served tag with its address.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public synchronized List<MachineDefinition> machineDefinitions() {
    if (!started || clock == null) {
      throw new IllegalStateException("start the simulator first: ports are known once bound");
    }
    List<MachineDefinition> definitions = new ArrayList<>();
    for (ServedMachine m : machines) {
      MachinePresenter presenter = presenters.get(m.id());
      MachineDefinition d =
          presenter != null
              ? presenter.definition()
              : m.protocol() == Protocol.MODBUS ? modbusDefinition(m) : opcuaDefinition(m);
      definitions.add(m.stateModel().map(d::withStates).orElse(d).withAlarms(m.alarms()));
    }
    return definitions;
  }

  private MachineDefinition modbusDefinition(ServedMachine m) {
    ModbusSlave slave = slaves.get(m.id());
    List<Tag> tags = new ArrayList<>();
    for (RegisterSlot slot : slave.layout().slots()) {
      tags.add(tag(slot.tag(), slot.address(), Optional.empty()));
    }
    return new MachineDefinition(
        m.id(),
        m.name(),
        m.area(),
        m.line(),
        Protocol.MODBUS,
        "tcp://" + config.advertisedHost() + ":" + slave.port(),
        MODBUS_OPTIONS,
        READ_INTERVAL,
        tags);
  }

  private MachineDefinition opcuaDefinition(ServedMachine m) {
    List<Tag> tags = new ArrayList<>();
    for (TagSpec spec : m.tags()) {
      String address = "ns=" + opcua.namespaceIndex() + ";s=" + m.id() + "/" + spec.name();
      tags.add(tag(spec, address, Optional.of(READ_INTERVAL)));
    }
    return new MachineDefinition(
        m.id(),
        m.name(),
        m.area(),
        m.line(),
        Protocol.OPCUA,
        opcua.endpointUrl(),
        Map.of(),
        READ_INTERVAL,
        tags);
  }

  private static Tag tag(TagSpec spec, String address, Optional<Duration> samplingInterval) {
    return new Tag(
        spec.name(),
        address,
        spec.type(),
        spec.unit(),
        Scale.IDENTITY,
        0,
        samplingInterval,
        spec.writable());
  }

  /** The OPC UA endpoint URL, empty when no machine speaks OPC UA. */
  public synchronized Optional<String> opcuaEndpoint() {
    return Optional.ofNullable(opcua).map(OpcUaSimulatorServer::endpointUrl);
  }

  /** The OPC UA server's write and read-failure counters, empty without OPC UA machines. */
  public synchronized Optional<OpcUaCounters> opcuaCounters() {
    return Optional.ofNullable(opcua).map(OpcUaSimulatorServer::counters);
  }

  /** Request and exception counters per Modbus machine id. */
  public synchronized Map<String, SlaveCounters> modbusCounters() {
    Map<String, SlaveCounters> counters = new LinkedHashMap<>();
    slaves.forEach((id, slave) -> counters.put(id, slave.counters()));
    return counters;
  }

  /** Ticks in which the model or a slave failed; the clock kept running. */
  public long clockFailures() {
    return clockFailures.sum();
  }

  /** Stops the clock, then the servers; their threads are gone when this returns. */
  @Override
  public synchronized void close() {
    if (clock != null) {
      clock.shutdownNow();
      try {
        clock.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    presenters.values().forEach(MachinePresenter::close);
    slaves.values().forEach(ModbusSlave::close);
    if (opcua != null) {
      opcua.close();
    }
  }
}
