package io.millwright.historian.store;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;

/**
 * One sample as the historian keeps it.
 *
 * @param tag the tag's full Unified Namespace path, {@code
 *     acme/plant-1/pressing/line-1/press-01/hydraulics/pressure}
 * @param timestamp when the machine read it, UTC epoch milliseconds (the Sparkplug timestamp)
 * @param value what was read; a Bad sample carries the last value or a placeholder
 * @param quality Good, Uncertain or Bad with the OPC UA reason
 */
public record StoredSample(String tag, long timestamp, Value value, Quality quality) {

  public StoredSample {
    if (tag == null || tag.isEmpty()) {
      throw new IllegalArgumentException("a stored sample needs its tag path");
    }
    if (value == null || quality == null) {
      throw new IllegalArgumentException("a stored sample needs a value and a quality");
    }
  }
}
