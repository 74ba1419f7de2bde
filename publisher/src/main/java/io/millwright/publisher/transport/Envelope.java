package io.millwright.publisher.transport;

import io.millwright.publisher.batch.BatchId;
import java.util.Objects;

/**
 * A sealed batch on its way: its id, whether it is backlog (sent after a cut link, a restart or
 * behind live data: the receiver stores it as history and does not take it for the current value),
 * and its encoded, compressed contents ({@code BatchCodec}), the same bytes on every resend.
 */
public record Envelope(BatchId id, boolean historical, byte[] payload) {

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
  }
}
