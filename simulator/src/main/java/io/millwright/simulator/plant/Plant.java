package io.millwright.simulator.plant;

import io.millwright.core.machine.Protocol;
import io.millwright.simulator.ServedMachine;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated factory: its machines, the clock that moves them, the ground truth of what they
 * did, and the injection API (faults, drift, maintenance, link drops) for demos and tests.
 *
 * <p>Time is simulated and moves only through {@link #advanceTo}, in fixed steps of {@value
 * #STEP_MILLIS} ms, so the same seed and the same calls give the same values and the same truth
 * however often a driver calls. Each machine draws from its own random stream, derived from the
 * seed and its place in the plant.
 *
 * <p>Thread-safe: protocol servers read and write machines from their own threads while one driver
 * advances the clock and the app injects.
 */
public final class Plant {

  /** Simulated time per step. */
  public static final long STEP_MILLIS = 100;

  public static final String ENTERPRISE = "acme";
  public static final String SITE = "plant-1";
  public static final ZoneId ZONE = BreakSchedule.ZONE;

  /** Monday 3 March 2025, 06:00 in Rome: the start of a morning shift. */
  public static final long DEMO_START_MILLIS =
      ZonedDateTime.of(2025, 3, 3, 6, 0, 0, 0, ZONE).toInstant().toEpochMilli();

  /** Longest string a Modbus machine's writable text tag takes (8 registers). */
  public static final int MODBUS_TEXT_LIMIT = TagTable.MODBUS_TEXT_LIMIT;

  /** Longest string an OPC UA machine's writable text tag takes. */
  public static final int OPCUA_TEXT_LIMIT = TagTable.OPCUA_TEXT_LIMIT;

  private static final long LINK_STREAM = 0x6C696E6BL;

  private final Map<String, SimulatedMachine> byId = new LinkedHashMap<>();
  private final List<ServedMachine> machines;
  private final long startMillis;
  private volatile long now;

  private Plant(List<SimulatedMachine> list, long startMillis) {
    for (SimulatedMachine m : list) {
      byId.put(m.id(), m);
    }
    this.machines = List.copyOf(list);
    this.startMillis = startMillis;
    this.now = startMillis;
  }

  /** The demo plant, starting at {@link #DEMO_START_MILLIS}. */
  public static Plant demo(long seed) {
    return demo(seed, DEMO_START_MILLIS);
  }

  /**
   * The eleven machines of the demo plant, each with a job under way, washer-01's flaky link on.
   *
   * @param startMillis simulated time at start, epoch milliseconds (a driver running in real time
   *     passes the wall clock)
   */
  public static Plant demo(long seed, long startMillis) {
    List<MachineSpec> specs = DemoPlant.machines();
    List<SimulatedMachine> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      MachineSpec spec = specs.get(i);
      SplittableRandom linkStream =
          spec.id().equals(DemoPlant.FLAKY_MACHINE)
              ? new SplittableRandom(streamSeed(seed, i, LINK_STREAM))
              : null;
      list.add(
          ProductionMachine.create(
              spec,
              i + 1,
              new SplittableRandom(streamSeed(seed, i, 0)),
              new LinkState(linkStream),
              startMillis));
    }
    return new Plant(list, startMillis);
  }

  /** A synthetic plant starting at {@link #DEMO_START_MILLIS}. */
  public static Plant synthetic(int machines, int tagsPerMachine, Protocol protocol, long seed) {
    return synthetic(machines, tagsPerMachine, protocol, seed, DEMO_START_MILLIS);
  }

  /**
   * A load-generating plant: machines {@code synth-001}... each with tags {@code value/0001}...,
   * float32 for Modbus, float64 for OPC UA, every value changing every step.
   *
   * @throws IllegalArgumentException for counts out of range or a protocol the simulator does not
   *     serve
   */
  public static Plant synthetic(
      int machines, int tagsPerMachine, Protocol protocol, long seed, long startMillis) {
    if (machines < 1 || machines > 999) {
      throw new IllegalArgumentException("machines must be between 1 and 999, not " + machines);
    }
    if (tagsPerMachine < 1 || tagsPerMachine > 9_999) {
      throw new IllegalArgumentException(
          "tagsPerMachine must be between 1 and 9999, not " + tagsPerMachine);
    }
    if (protocol != Protocol.MODBUS && protocol != Protocol.OPCUA) {
      throw new IllegalArgumentException(
          "protocol must be modbus or opcua for the simulator, not " + protocol);
    }
    List<SimulatedMachine> list = new ArrayList<>();
    for (int i = 0; i < machines; i++) {
      list.add(
          SyntheticMachine.create(
              String.format(Locale.ROOT, "synth-%03d", i + 1),
              tagsPerMachine,
              protocol,
              new SplittableRandom(streamSeed(seed, i, 0)),
              startMillis));
    }
    return new Plant(list, startMillis);
  }

  /** The machines in plant order (the demo plant in the order of DEMO-PLANT.md). */
  public List<ServedMachine> machines() {
    return machines;
  }

  /**
   * The production machines with their products and ideal cycles, in plant order; a synthetic plant
   * makes nothing and has none.
   */
  public List<MachineProducts> machineProducts() {
    List<MachineProducts> list = new ArrayList<>();
    for (SimulatedMachine m : byId.values()) {
      if (m instanceof ProductionMachine p) {
        list.add(p.products());
      }
    }
    return List.copyOf(list);
  }

  /**
   * @throws IllegalArgumentException naming an unknown machine
   */
  public ServedMachine machine(String id) {
    return find(id);
  }

  public long startMillis() {
    return startMillis;
  }

  /** Simulated time now, epoch milliseconds: the start plus whole steps. */
  public long now() {
    return now;
  }

  /**
   * Moves simulated time on, in whole steps, as far as {@code epochMillis} allows; a time at or
   * before now does nothing (a driver's clock may stutter). Catching up after a long pause costs
   * about a second of CPU per simulated hour on the demo plant.
   *
   * @return the number of steps taken
   */
  public synchronized long advanceTo(long epochMillis) {
    long steps = 0;
    long t = now;
    while (epochMillis - t >= STEP_MILLIS) {
      for (SimulatedMachine m : byId.values()) {
        m.step();
      }
      t += STEP_MILLIS;
      now = t;
      steps++;
    }
    return steps;
  }

  /** {@link #advanceTo} {@code now() + duration}. */
  public long advance(Duration duration) {
    synchronized (this) {
      return advanceTo(now + duration.toMillis());
    }
  }

  /**
   * What the machine really did since start.
   *
   * @throws IllegalArgumentException for an unknown or synthetic machine
   */
  public GroundTruth truth(String machineId) {
    return production(machineId).truth();
  }

  /**
   * Puts the machine into fault with this code until {@link #clearFault}.
   *
   * @throws IllegalArgumentException for an unknown machine, a synthetic one, or a code that is not
   *     a fault (500, 510, 520, 530)
   */
  public void injectFault(String machineId, int reasonCode) {
    ProductionMachine m = production(machineId);
    m.injectFault(ReasonCode.fault(reasonCode));
  }

  /**
   * Stops the machine for {@code length} with an unplanned-stop reason, as a starved or blocked
   * line or a missing operator would; then it goes back to work. An injected fault wins.
   *
   * @throws IllegalArgumentException for an unknown or synthetic machine, a code that is not an
   *     unplanned stop, or a length that is not positive
   */
  public void injectStop(String machineId, int reasonCode, Duration length) {
    ProductionMachine m = production(machineId);
    m.injectStop(ReasonCode.unplanned(reasonCode), length);
  }

  /**
   * Ends an injected fault; the machine goes back to work, or wherever it belongs now.
   *
   * @return whether there was an injected fault to clear
   */
  public boolean clearFault(String machineId) {
    return production(machineId).clearFault();
  }

  /**
   * Makes a numeric process value drift by {@code perMinute} units per simulated minute on top of
   * what the model computes, until maintenance. Starting a drift again changes its rate.
   *
   * @throws IllegalArgumentException for an unknown machine or tag, a tag that is not a numeric
   *     process value, or a rate that is not finite
   */
  public void startDrift(String machineId, String tag, double perMinute) {
    find(machineId).startDrift(tag, perMinute);
  }

  /**
   * Services the machine: injected drifts and wear (cnc-02's bearing) are reset, and a production
   * machine stops for ten minutes of planned maintenance (reason 400), unless an injected fault
   * holds it.
   */
  public void maintenance(String machineId) {
    find(machineId).maintenance();
  }

  /** Takes the machine's network link down until {@link #restoreLink}. */
  public void dropLink(String machineId) {
    find(machineId).dropLink();
  }

  public void restoreLink(String machineId) {
    find(machineId).restoreLink();
  }

  /** Switches washer-01's occasional link drops on (the default) or off. */
  public void linkDrops(boolean enabled) {
    for (SimulatedMachine m : byId.values()) {
      m.flakyLink(enabled);
    }
  }

  /**
   * Whether an idle machine makes up its own next order after a few minutes (the default), so the
   * demo runs without the jobs role; off, machines wait for job writes.
   */
  public void autoDispatch(boolean enabled) {
    for (SimulatedMachine m : byId.values()) {
      if (m instanceof ProductionMachine p) {
        p.autoDispatch(enabled);
      }
    }
  }

  /**
   * Hands the plant's planning to the jobs role: machines stop making up their own orders, and the
   * order each made up for itself is dropped (a machine finishes the part in hand and waits). From
   * here on machines run only the jobs written to them.
   */
  public void handOrdersToJobs() {
    for (SimulatedMachine m : byId.values()) {
      if (m instanceof ProductionMachine p) {
        p.autoDispatch(false);
        p.dropOrder();
      }
    }
  }

  /**
   * The machines work through the shift breaks from here on (a demo shown at ten, a test that must
   * see production whatever the time of day). The OEE calendar still plans the breaks.
   */
  public void skipBreaks() {
    for (SimulatedMachine m : byId.values()) {
      if (m instanceof ProductionMachine p) {
        p.skipBreaks();
      }
    }
  }

  private SimulatedMachine find(String id) {
    SimulatedMachine m = id == null ? null : byId.get(id);
    if (m == null) {
      throw new IllegalArgumentException(
          "unknown machine \"" + id + "\"; the plant has " + String.join(", ", byId.keySet()));
    }
    return m;
  }

  private ProductionMachine production(String id) {
    if (find(id) instanceof ProductionMachine p) {
      return p;
    }
    throw new IllegalArgumentException(
        "machine " + id + " is synthetic: it has no states, faults or ground truth");
  }

  /** A well-mixed seed per machine and stream, so neighbouring seeds give unrelated streams. */
  static long streamSeed(long seed, int index, long stream) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1) + 0xBF58476D1CE4E5B9L * stream;
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }
}
