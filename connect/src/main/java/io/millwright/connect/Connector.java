package io.millwright.connect;

import io.millwright.core.sample.Value;
import java.util.concurrent.CompletableFuture;

/**
 * A live link to one machine, built from its {@link io.millwright.core.machine.MachineDefinition}
 * by a {@link ConnectorFactory}. It reads the machine's tags (by polling or by subscription) and
 * hands the samples to a {@link MachineLink}; it writes values to writable tags.
 *
 * <p>A connector owns its reconnects: an unreachable machine is not an error of {@link #start}, the
 * connector tells the link {@link MachineLink#disconnected} and retries with capped exponential
 * back-off until {@link #close}. A tag that cannot be read (wrong address, type mismatch, an
 * exception from the server) is delivered as a sample with quality Bad and the reason, while the
 * machine's other tags keep flowing.
 */
public interface Connector extends AutoCloseable {

  /** Starts connecting in the background and returns at once. Called once. */
  void start(MachineLink link);

  /**
   * Writes a value to a tag defined writable. The value is in engineering units (the tag's scale is
   * undone by the connector).
   *
   * @return completes when the machine acknowledged the write; fails with {@link WriteException}
   *     naming the reason (not writable, not connected, refused by the machine, out of range)
   */
  CompletableFuture<Void> write(String tag, Value value);

  /** The link status and counters, for health checks, metrics and the machines API. */
  ConnectorStats stats();

  /** Disconnects and stops every thread the connector started. Idempotent. */
  @Override
  void close();
}
