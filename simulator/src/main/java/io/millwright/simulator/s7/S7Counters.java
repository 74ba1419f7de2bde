package io.millwright.simulator.s7;

import java.util.concurrent.atomic.LongAdder;

/** What one machine's S7 server has answered, for tests, benchmarks and the simulator's status. */
public final class S7Counters {

  private final LongAdder requests = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder refusedWrites = new LongAdder();
  private final LongAdder connections = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /** S7 requests answered: setup, read, write, SZL reads, and those answered as not supported. */
  public long requests() {
    return requests.sum();
  }

  /** Frames that could not be parsed or broke the protocol; the connection is closed after one. */
  public long malformed() {
    return malformed.sum();
  }

  /** Write items refused: outside DB1, over a read-only tag, or a value the machine refused. */
  public long refusedWrites() {
    return refusedWrites.sum();
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

  void malformedFrame() {
    malformed.increment();
  }

  void refusedWrite() {
    refusedWrites.increment();
  }

  void connection() {
    connections.increment();
  }

  void drop() {
    dropped.increment();
  }
}
