package io.millwright.publisher.transport;

/**
 * The cloud side of every transport: what a received batch or status is handed to. The HTTPS
 * endpoint answers the site with the outcome; the MQTT and Kafka intakes acknowledge the message
 * (PUBACK, offset commit) only after {@link #accept} returned, so a cloud that dies on the way gets
 * it again.
 */
public interface BatchSink {

  /** What became of a batch. */
  enum Outcome {
    /** Stored now. */
    STORED,
    /** Stored before (a resend or a replay): nothing done. */
    DUPLICATE
  }

  /**
   * Stores a batch once.
   *
   * @param site the site the transport authenticated (HTTPS token, MQTT topic, Kafka key); the
   *     envelope's id must name the same site
   * @throws RefusedException for good: unknown site, malformed contents, a site naming another
   * @throws Exception the cloud could not store it now (its store is down): send again later
   */
  Outcome accept(String site, Envelope batch) throws Exception;

  /** Takes a site's status for the fleet view. */
  void acceptStatus(String site, SiteStatus status) throws RefusedException;

  /** A batch or status the cloud will never take; the message says why. */
  final class RefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
      super(message);
    }
  }
}
