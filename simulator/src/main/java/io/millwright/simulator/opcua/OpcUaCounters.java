package io.millwright.simulator.opcua;

import java.util.concurrent.atomic.LongAdder;

/** Writes and failures of the OPC UA server, for tests and the simulator's status. */
public final class OpcUaCounters {

  private final LongAdder writes = new LongAdder();
  private final LongAdder writesRefused = new LongAdder();
  private final LongAdder readFailures = new LongAdder();

  /** Writes the model accepted. */
  public long writes() {
    return writes.sum();
  }

  /** Writes refused: read-only tag, wrong type, out of range, or link down. */
  public long writesRefused() {
    return writesRefused.sum();
  }

  /** Reads where the model failed or gave a value its type cannot hold. */
  public long readFailures() {
    return readFailures.sum();
  }

  void write() {
    writes.increment();
  }

  void writeRefused() {
    writesRefused.increment();
  }

  void readFailure() {
    readFailures.increment();
  }
}
