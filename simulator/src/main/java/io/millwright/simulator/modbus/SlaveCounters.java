package io.millwright.simulator.modbus;

import java.util.concurrent.atomic.LongAdder;

/** What one slave has answered, for tests, benchmarks and the simulator's status. */
public final class SlaveCounters {

  private final LongAdder requests = new LongAdder();
  private final LongAdder exceptions = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder connections = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /** Requests answered, with data or with an exception response. */
  public long requests() {
    return requests.sum();
  }

  /** Requests answered with a Modbus exception response. */
  public long exceptions() {
    return exceptions.sum();
  }

  /** Frames that could not be parsed; the connection is closed after one. */
  public long malformed() {
    return malformed.sum();
  }

  /** Connections accepted while the link was up. */
  public long connections() {
    return connections.sum();
  }

  /** Connections reset because the machine's link went down. */
  public long dropped() {
    return dropped.sum();
  }

  void request() {
    requests.increment();
  }

  void exception() {
    exceptions.increment();
  }

  void malformedFrame() {
    malformed.increment();
  }

  void connection() {
    connections.increment();
  }

  void drop() {
    dropped.increment();
  }
}
