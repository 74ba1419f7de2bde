package io.millwright.historian.query;

import io.millwright.historian.store.StoredSample;
import java.util.Iterator;
import java.util.Optional;

/**
 * Step interpolation, as a state or a setpoint behaves: a sample's value holds from its timestamp
 * until the next sample. Walks a range as the periods between samples, starting with the sample in
 * force at the range's start; before any sample the value is unknown.
 */
final class Steps {

  /** Receives each period of the range once, in time order; together they cover the range. */
  interface Period {
    /**
     * @param inForce the sample whose value holds, or null while no value is known
     * @param start inclusive, epoch milliseconds
     * @param end exclusive, after {@code start}
     */
    void accept(StoredSample inForce, long start, long end);
  }

  private Steps() {}

  /**
   * @param before the sample in force at {@code range.from()}, from before it
   * @param samples the samples with {@code from <= timestamp < to}, oldest first
   */
  static void walk(
      Optional<StoredSample> before,
      Iterator<StoredSample> samples,
      TimeRange range,
      Period period) {
    StoredSample inForce = before.orElse(null);
    long start = range.from();
    while (samples.hasNext()) {
      StoredSample sample = samples.next();
      if (sample.timestamp() > start) {
        period.accept(inForce, start, sample.timestamp());
        start = sample.timestamp();
      }
      inForce = sample;
    }
    period.accept(inForce, start, range.to());
  }
}
