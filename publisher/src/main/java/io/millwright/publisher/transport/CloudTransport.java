package io.millwright.publisher.transport;

/**
 * The way to the cloud: MQTT to a cloud broker, Kafka, or HTTPS to the cloud role. One sender
 * thread uses it; implementations need not be thread-safe beyond {@link #close()}.
 */
public interface CloudTransport extends AutoCloseable {

  /**
   * Delivers one batch and returns once the other side has it durably: the cloud broker's PUBACK
   * (QoS 1), Kafka's acks=all, or the cloud role's answer after its commit. At-least-once: the same
   * envelope may arrive twice, the receiver drops it by its id.
   *
   * @throws TransportException not delivered; {@link TransportException#refused()} when it never
   *     will be
   */
  void send(Envelope batch) throws TransportException;

  /** Delivers the site's status, best effort (the next one follows in seconds). */
  void sendStatus(SiteStatus status) throws TransportException;

  /** {@code mqtt}, {@code kafka} or {@code https}: for metrics and logs. */
  String kind();

  /** Where it sends, without credentials: for logs and the UI. */
  String target();

  @Override
  void close();
}
