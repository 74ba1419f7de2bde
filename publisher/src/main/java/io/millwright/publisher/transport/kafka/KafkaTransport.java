package io.millwright.publisher.transport.kafka;

import io.millwright.publisher.transport.CloudTransport;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import io.millwright.publisher.transport.TransportException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Batches and statuses to a Kafka topic, through an idempotent producer ({@code acks=all}, {@code
 * enable.idempotence}, at most 5 requests in flight): the record's key is the site, so a site's
 * records share a partition and keep their order; its value is the envelope's payload as it is
 * (already compressed: Kafka compresses nothing again); its headers say what it is:
 *
 * <ul>
 *   <li>{@value #KIND} {@code batch}, {@value #BATCH_ID} the {@link
 *       io.millwright.publisher.batch.BatchId} as {@code site/buffer/sequence}, {@value
 *       #HISTORICAL} {@code true} or {@code false};
 *   <li>{@value #KIND} {@code status}, the value the {@link SiteStatus} as a JSON object.
 * </ul>
 *
 * <p>{@link #send} returns once the partition's in-sync replicas have the record; a broker away or
 * slower than the timeout is a retryable {@link TransportException}, a record the cluster will
 * never take (too large, an invalid topic) a refusal. After an error that leaves the producer
 * unusable (fenced, out-of-order sequence, closed) the next send starts a new one.
 */
public final class KafkaTransport implements CloudTransport {

  /** Header: {@value #BATCH} or {@value #STATUS}. */
  public static final String KIND = "kind";

  /** Header: the batch's id, {@code site/buffer/sequence}. */
  public static final String BATCH_ID = "batch-id";

  /** Header: {@code true} for backlog, {@code false} for live data. */
  public static final String HISTORICAL = "historical";

  public static final String BATCH = "batch";
  public static final String STATUS = "status";

  private static final Logger LOG = System.getLogger(KafkaTransport.class.getName());

  private final KafkaTransportConfig config;
  private final Object lock = new Object();
  private KafkaProducer<String, byte[]> producer; // guarded by lock; null until needed
  private boolean closed; // guarded by lock

  public KafkaTransport(KafkaTransportConfig config) {
    this.config = config;
  }

  /** The producer settings: the caller's pass-through properties, then the transport's own. */
  Map<String, Object> producerSettings() {
    Map<String, Object> p = new HashMap<>(config.properties());
    long timeout = config.timeout().toMillis();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // Retries are bounded by time: delivery.timeout.ms, which must be >= linger + request timeout.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout, 30_000)));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
    return p;
  }

  @Override
  public void send(Envelope batch) throws TransportException {
    List<Header> headers =
        List.of(
            header(KIND, BATCH),
            header(BATCH_ID, batch.id().toString()),
            header(HISTORICAL, Boolean.toString(batch.historical())));
    produce(batch.id().site(), batch.payload(), headers, "batch " + batch.id());
  }

  @Override
  public void sendStatus(SiteStatus status) throws TransportException {
    produce(
        status.site(),
        KafkaStatusJson.encode(status),
        List.of(header(KIND, STATUS)),
        "status of " + status.site());
  }

  private void produce(String site, byte[] value, List<Header> headers, String what)
      throws TransportException {
    KafkaProducer<String, byte[]> p = producer();
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(config.topic(), null, null, site, value, headers);
    long deadline = System.nanoTime() + config.timeout().toNanos();
    try {
      Future<RecordMetadata> acked = p.send(record);
      // delivery.timeout.ms ends the producer's own retries; a little more so its answer wins.
      long wait = Math.max(0, deadline - System.nanoTime()) + Duration.ofSeconds(1).toNanos();
      acked.get(wait, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw failure(p, what, e.getCause() == null ? e : e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw TransportException.retryable(
          "Kafka did not acknowledge " + what + " within " + config.timeout(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TransportException.retryable("interrupted while sending " + what + " to Kafka", e);
    } catch (RuntimeException e) { // thrown by send() itself: serialization, a closed producer
      throw failure(p, what, e);
    }
  }

  private TransportException failure(KafkaProducer<String, byte[]> p, String what, Throwable e) {
    String why = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (refuses(e)) {
      return new TransportException("Kafka refused " + what + ": " + why, true, e);
    }
    if (spoils(e)) {
      discard(p, e);
    }
    return TransportException.retryable("Kafka did not take " + what + ": " + why, e);
  }

  /** Whether the cluster will never take this record, however often it is sent. */
  static boolean refuses(Throwable e) {
    return e instanceof RecordTooLargeException
        || e instanceof RecordBatchTooLargeException
        || e instanceof InvalidTopicException
        || e instanceof InvalidRecordException;
  }

  /**
   * Whether the producer is not worth keeping after this error: fenced, an out-of-order sequence,
   * authorization, a producer in an error state or closed. A new producer (a new producer id)
   * starts clean; a resend may then duplicate a record, which the receiver drops by its batch id.
   * Retriable errors (the broker away, timeouts, leader changes) keep it: it reconnects by itself.
   */
  static boolean spoils(Throwable e) {
    return !(e instanceof RetriableException) && !refuses(e);
  }

  private KafkaProducer<String, byte[]> producer() throws TransportException {
    synchronized (lock) {
      if (closed) {
        throw TransportException.retryable("the Kafka transport is closed", null);
      }
      if (producer == null) {
        try {
          producer = new KafkaProducer<>(producerSettings());
        } catch (RuntimeException e) { // e.g. an unresolvable bootstrap host, bad SSL files
          throw TransportException.retryable(
              "the Kafka producer for " + target() + " did not start: " + e.getMessage(), e);
        }
      }
      return producer;
    }
  }

  private void discard(KafkaProducer<String, byte[]> p, Throwable why) {
    synchronized (lock) {
      if (producer != p) {
        return;
      }
      producer = null;
    }
    LOG.log(
        Level.WARNING,
        "Kafka producer for {0} closed after {1}; the next send starts a new one",
        target(),
        why.toString());
    closeQuietly(p);
  }

  /** Whether the producer is started: for tests of its replacement. */
  boolean started() {
    synchronized (lock) {
      return producer != null;
    }
  }

  @Override
  public String kind() {
    return "kafka";
  }

  @Override
  public String target() {
    return "kafka://" + config.bootstrapServers() + "/" + config.topic();
  }

  @Override
  public void close() {
    KafkaProducer<String, byte[]> p;
    synchronized (lock) {
      closed = true;
      p = producer;
      producer = null;
    }
    if (p != null) {
      closeQuietly(p);
    }
  }

  private static void closeQuietly(KafkaProducer<String, byte[]> p) {
    try {
      p.close(Duration.ZERO); // nothing to wait for: an unacknowledged batch is sent again
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "closing a Kafka producer", e);
    }
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
