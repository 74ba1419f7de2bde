package io.millwright.bench;

import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.util.List;

/**
 * A batch as InfluxDB line protocol with millisecond timestamps, which InfluxDB 1.x and
 * VictoriaMetrics both take: measurement {@code samples}, tag {@code tag} = the tag path, one float
 * field {@code value}. Counters and booleans (0/1) are floats too, because InfluxDB fixes a field's
 * type per shard and every tag shares the one field.
 */
final class LineProtocol {

  static final String MEASUREMENT = "samples";

  private LineProtocol() {}

  static String encode(List<StoredSample> batch) {
    StringBuilder lines = new StringBuilder(batch.size() * 90);
    for (StoredSample sample : batch) {
      // Tag paths are UNS paths: no space, comma or equals sign, so nothing needs escaping.
      lines.append(MEASUREMENT).append(",tag=").append(sample.tag()).append(" value=");
      switch (sample.value()) {
        case Value.Int64 i -> lines.append(i.value());
        case Value.Bool b -> lines.append(b.value() ? 1 : 0);
        default -> lines.append(sample.value().asDouble());
      }
      lines.append(' ').append(sample.timestamp()).append('\n');
    }
    return lines.toString();
  }
}
