package io.millwright.cloud.receive;

import io.millwright.publisher.batch.BatchId;
import java.time.Instant;
import java.util.Objects;

/**
 * That a batch was stored: kept so that the same batch, sent again, is dropped.
 *
 * @param id which batch
 * @param receivedAt when the cloud stored it, by its own clock
 * @param readings the readings it held
 * @param events the events it held
 * @param historical whether the site sent it as backlog
 */
public record Receipt(
    BatchId id, Instant receivedAt, int readings, int events, boolean historical) {

  public Receipt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (readings < 0 || events < 0) {
      throw new IllegalArgumentException("batch " + id + ": counts are never negative");
    }
  }
}
