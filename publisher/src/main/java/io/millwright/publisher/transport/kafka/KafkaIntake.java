package io.millwright.publisher.transport.kafka;

import io.millwright.core.namespace.Names;
import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.transport.BatchSink;
import io.millwright.publisher.transport.BatchSink.RefusedException;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The cloud side of {@link KafkaTransport}: a consumer in a group, on a thread of its own, that
 * hands every record to a {@link BatchSink} and commits its offset only after the sink stored it,
 * found it a duplicate or refused it. When the sink throws (its store is down) the intake goes back
 * to that record and hands it again after a backoff, so nothing is skipped; the same holds after a
 * crash or a rebalance, which replay from the last commit (at-least-once: the sink drops duplicates
 * by their batch id).
 *
 * <p>A record that is no batch or status of a site (missing or garbled headers, an unknown kind, a
 * key that is no site id, a batch id naming another site, a status that is no such JSON) is
 * refused: counted, logged and committed, never a crash. A status the sink fails to take is counted
 * as a failure and skipped (the site sends a fresh one in seconds).
 */
public final class KafkaIntake implements AutoCloseable {

  /**
   * What the intake did so far. Every record it is done with counts once in {@code received}, and
   * once in {@code stored}, {@code duplicates}, {@code refused} or {@code statuses}; {@code
   * failures} counts each time the sink threw.
   */
  public record Stats(
      long received, long stored, long duplicates, long refused, long statuses, long failures) {}

  private static final Logger LOG = System.getLogger(KafkaIntake.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaIntakeConfig config;
  private final BatchSink sink;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong statuses = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  private KafkaIntake(KafkaIntakeConfig config, BatchSink sink) {
    this.config = config;
    this.sink = sink;
    this.consumer = new KafkaConsumer<>(consumerSettings(config));
    this.thread = Thread.ofPlatform().name("kafka-intake-" + config.topic()).unstarted(this::run);
  }

  /** Subscribes to the topic and starts handing records to the sink. */
  public static KafkaIntake start(KafkaIntakeConfig config, BatchSink sink) {
    KafkaIntake intake = new KafkaIntake(config, sink);
    try {
      intake.consumer.subscribe(List.of(config.topic()));
      intake.thread.start();
    } catch (RuntimeException | Error e) {
      intake.consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    return intake;
  }

  static Map<String, Object> consumerSettings(KafkaIntakeConfig config) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putAll(config.properties());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return c;
  }

  public Stats stats() {
    return new Stats(
        received.get(),
        stored.get(),
        duplicates.get(),
        refused.get(),
        statuses.get(),
        failures.get());
  }

  private void run() {
    try {
      while (stopping.getCount() > 0) {
        try {
          pollOnce();
        } catch (WakeupException e) {
          // close() woke us: the loop ends
        } catch (KafkaException e) {
          // The broker away beyond the client's own retries, a commit after a rebalance: the
          // records handled but not committed come again after a rebalance or restart.
          LOG.log(Level.WARNING, "Kafka intake of {0}: {1}", config.topic(), e.toString());
          pause();
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "Kafka intake of " + config.topic() + ": going on after", e);
          pause();
        }
      }
    } catch (Error e) {
      LOG.log(Level.ERROR, "Kafka intake of " + config.topic() + " stopped", e);
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "closing the Kafka consumer", e);
      }
    }
  }

  private void pollOnce() {
    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
    if (records.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    boolean failed = false;
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      if (failed) {
        consumer.seek(partition, list.getFirst().offset()); // not handed to the sink yet
        continue;
      }
      for (ConsumerRecord<String, byte[]> record : list) {
        if (stopping.getCount() == 0 || !handle(record)) {
          consumer.seek(partition, record.offset()); // this one again, after the backoff
          failed = true;
          break;
        }
        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (!done.isEmpty()) {
      consumer.commitSync(done, COMMIT_TIMEOUT);
    }
    if (failed) {
      pause();
    }
  }

  /** Hands one record over; false when the sink threw and the record must come again. */
  private boolean handle(ConsumerRecord<String, byte[]> record) {
    String kind = header(record, KafkaTransport.KIND);
    String site = record.key();
    try {
      if (site == null) {
        throw new IllegalArgumentException("the record has no key (the site)");
      }
      Names.requireName("site id", site);
      if (record.value() == null) {
        throw new IllegalArgumentException("the record has no value");
      }
      if (KafkaTransport.BATCH.equals(kind)) {
        return handleBatch(record, site);
      } else if (KafkaTransport.STATUS.equals(kind)) {
        return handleStatus(record, site);
      } else {
        throw new IllegalArgumentException(
            kind == null ? "the record has no kind header" : "unknown kind \"" + kind + "\"");
      }
    } catch (RuntimeException e) { // what the record holds is no batch or status of a site
      refuse(record, e.getMessage());
      return true;
    }
  }

  private boolean handleBatch(ConsumerRecord<String, byte[]> record, String site) {
    BatchId id = BatchId.parse(header(record, KafkaTransport.BATCH_ID));
    if (!id.site().equals(site)) {
      throw new IllegalArgumentException("batch " + id + " is keyed with another site, " + site);
    }
    String historical = header(record, KafkaTransport.HISTORICAL);
    if (!"true".equals(historical) && !"false".equals(historical)) {
      throw new IllegalArgumentException("the historical header is not true or false");
    }
    Envelope envelope = new Envelope(id, Boolean.parseBoolean(historical), record.value());
    BatchSink.Outcome outcome;
    try {
      outcome = sink.accept(site, envelope);
    } catch (RefusedException e) {
      refuse(record, e.getMessage());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.incrementAndGet();
      return false;
    } catch (Exception e) {
      failures.incrementAndGet();
      LOG.log(
          Level.WARNING,
          "Kafka intake: batch {0} not stored, again in {1}: {2}",
          id,
          config.backoff(),
          e.toString());
      return false;
    }
    received.incrementAndGet();
    (outcome == BatchSink.Outcome.DUPLICATE ? duplicates : stored).incrementAndGet();
    return true;
  }

  private boolean handleStatus(ConsumerRecord<String, byte[]> record, String site) {
    SiteStatus status = KafkaStatusJson.decode(record.value());
    if (!status.site().equals(site)) {
      throw new IllegalArgumentException(
          "the status of " + status.site() + " is keyed with another site, " + site);
    }
    try {
      sink.acceptStatus(site, status);
    } catch (RefusedException e) {
      refuse(record, e.getMessage());
      return true;
    } catch (RuntimeException e) {
      failures.incrementAndGet(); // a stale status is worth nothing: not taken again
      LOG.log(Level.WARNING, "Kafka intake: status of {0} not taken: {1}", site, e.toString());
    }
    received.incrementAndGet();
    statuses.incrementAndGet();
    return true;
  }

  private void refuse(ConsumerRecord<String, byte[]> record, String why) {
    received.incrementAndGet();
    refused.incrementAndGet();
    LOG.log(
        Level.WARNING,
        "Kafka intake refused the record at {0}-{1}@{2}: {3}",
        record.topic(),
        record.partition(),
        record.offset(),
        why);
  }

  /** The header's last value as UTF-8 text; null when missing. */
  private static String header(ConsumerRecord<String, byte[]> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private void pause() {
    try {
      stopping.await(config.backoff().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.countDown();
    }
  }

  @Override
  public void close() {
    stopping.countDown();
    try {
      consumer.wakeup();
    } catch (RuntimeException e) {
      // closed already
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
