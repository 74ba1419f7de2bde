package io.millwright.historian.query;

import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.time.Instant;

/**
 * The number of a numeric tag's sample. Numeric means Int64 and Float64, as for the store's
 * aggregates: a boolean's average is a duty cycle, which the durations query answers directly.
 */
final class Numeric {

  private Numeric() {}

  /**
   * @throws IllegalArgumentException for a Bool or Text value, naming the tag
   */
  static double of(StoredSample sample) {
    return switch (sample.value()) {
      case Value.Int64 i -> i.value();
      case Value.Float64 f -> f.value();
      case Value.Bool b -> throw notNumeric(sample, "boolean");
      case Value.Text t -> throw notNumeric(sample, "text");
    };
  }

  private static IllegalArgumentException notNumeric(StoredSample sample, String kind) {
    return new IllegalArgumentException(
        "tag \""
            + sample.tag()
            + "\" holds "
            + kind
            + " values (at "
            + Instant.ofEpochMilli(sample.timestamp())
            + "), not numbers; use the durations query for it");
  }
}
