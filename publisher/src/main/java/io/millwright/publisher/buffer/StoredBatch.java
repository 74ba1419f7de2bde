package io.millwright.publisher.buffer;

import io.millwright.publisher.batch.BatchId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A batch as the outbound buffer keeps it until the cloud acknowledges it: its id, when it was
 * sealed, what it counts and its encoded bytes, the same on every resend.
 *
 * @param id which batch
 * @param sealedAt when it was sealed, UTC epoch milliseconds (the edge's clock)
 * @param readings readings in it
 * @param events events in it
 * @param payload its encoded contents; not copied, do not change it
 */
public record StoredBatch(BatchId id, long sealedAt, int readings, int events, byte[] payload) {

  public StoredBatch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
    if (readings < 0 || events < 0) {
      throw new IllegalArgumentException("a batch's counts are never negative");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredBatch b
        && id.equals(b.id)
        && sealedAt == b.sealedAt
        && readings == b.readings
        && events == b.events
        && Arrays.equals(payload, b.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, sealedAt, readings, events, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "StoredBatch["
        + id
        + ", sealedAt="
        + sealedAt
        + ", readings="
        + readings
        + ", events="
        + events
        + ", "
        + payload.length
        + " bytes]";
  }
}
