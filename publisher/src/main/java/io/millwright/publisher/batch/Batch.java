package io.millwright.publisher.batch;

import java.util.List;
import java.util.Objects;

/**
 * What the publisher sealed in one go: readings (a tag's in the order the edge received them) and
 * events. Its id is given when it is sealed into the buffer and travels with every resend.
 *
 * @param id which batch
 * @param sealedAt when it was sealed, UTC epoch milliseconds (the edge's clock: informative only)
 */
public record Batch(BatchId id, long sealedAt, List<TagReading> readings, List<SiteEvent> events) {

  public Batch {
    Objects.requireNonNull(id, "id");
    readings = List.copyOf(readings);
    events = List.copyOf(events);
  }
}
