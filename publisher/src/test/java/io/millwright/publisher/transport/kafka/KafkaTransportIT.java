package io.millwright.publisher.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.transport.BatchSink;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import io.millwright.publisher.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kafka transport and intake against a real single-node KRaft broker ({@link KafkaBroker}):
 * batches and statuses arrive as they were sent, a sink that fails gets the same record again, a
 * garbage record is refused and counted, and a broker killed with SIGKILL mid-stream loses nothing
 * the transport reported as sent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaTransportIT {

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    long started = System.nanoTime();
    broker = KafkaBroker.start();
    System.out.printf(
        "Kafka broker formatted and started in %d ms (started in %d ms), child JVM RSS %d MB%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        broker.lastStart().toMillis(),
        broker.residentBytes() >> 20);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      System.out.printf(
          "Kafka broker child JVM RSS at the end %d MB%n", broker.residentBytes() >> 20);
      broker.close();
    }
  }

  @Test
  @Order(1)
  void batchesAndStatusesArriveAsSent() throws Exception {
    String topic = "batches-arrive";
    broker.createTopic(topic, 3);
    RecordingSink sink = new RecordingSink();
    List<Envelope> sent = new ArrayList<>();
    try (KafkaIntake intake = KafkaIntake.start(intakeConfig(topic, "arrive"), sink);
        KafkaTransport transport = new KafkaTransport(transportConfig(topic, 10))) {
      assertThat(transport.kind()).isEqualTo("kafka");
      assertThat(transport.target())
          .isEqualTo("kafka://" + broker.bootstrapServers() + "/" + topic);
      for (int i = 1; i <= 15; i++) {
        for (String site : List.of("plant-a", "plant-b")) {
          Envelope e = envelope(site, i, i % 3 == 0);
          transport.send(e);
          sent.add(e);
        }
      }
      SiteStatus status =
          new SiteStatus(
              "plant-a",
              "0.1.0",
              1_700_000_000_000L,
              3,
              120,
              1_699_999_990_000L,
              4096,
              1 << 30,
              0,
              5,
              6,
              OptionalDouble.of(0.73),
              1);
      transport.sendStatus(status);
      SiteStatus noOee =
          new SiteStatus(
              "plant-b",
              "0.1.0",
              1_700_000_000_001L,
              0,
              0,
              0,
              0,
              1 << 30,
              7,
              0,
              2,
              OptionalDouble.empty(),
              0);
      transport.sendStatus(noOee);

      await().atMost(Duration.ofSeconds(30)).until(() -> sink.statuses.size() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stored.size() == sent.size());
      assertThat(sink.statuses).containsExactlyInAnyOrder(status, noOee);
      for (Envelope e : sent) {
        Envelope got = sink.byId.get(e.id());
        assertThat(got).as("batch %s", e.id()).isNotNull();
        assertThat(got.payload()).isEqualTo(e.payload());
        assertThat(got.historical()).isEqualTo(e.historical());
      }
      for (String site : List.of("plant-a", "plant-b")) { // a site's batches keep their order
        assertThat(sink.sequencesOf(site)).isSorted().hasSize(15);
      }
      // The intake counts a record once the sink has returned, a moment after the sink shows it.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(intake.stats())
                      .isEqualTo(new KafkaIntake.Stats(sent.size() + 2, sent.size(), 0, 0, 2, 0)));
    }
  }

  @Test
  @Order(2)
  void aSinkThatThrowsGetsTheSameRecordAgain() throws Exception {
    String topic = "sink-throws";
    RecordingSink sink = new RecordingSink();
    sink.failOnce(id -> id.sequence() == 3);
    try (KafkaIntake intake = KafkaIntake.start(intakeConfig(topic, "throws"), sink);
        KafkaTransport transport = new KafkaTransport(transportConfig(topic, 10))) {
      for (int i = 1; i <= 6; i++) {
        transport.send(envelope("plant-a", i, false));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.stored.size() == 6);
      assertThat(sink.sequencesOf("plant-a")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(sink.attempts.get()).isEqualTo(7); // the third twice
      // The intake counts a record once the sink has returned, a moment after the sink shows it.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(intake.stats()).isEqualTo(new KafkaIntake.Stats(6, 6, 0, 0, 0, 1)));
    }
  }

  @Test
  @Order(3)
  void garbageIsRefusedAndCountedAndTheIntakeGoesOn() throws Exception {
    String topic = "garbage";
    RecordingSink sink = new RecordingSink();
    try (KafkaIntake intake = KafkaIntake.start(intakeConfig(topic, "garbage"), sink);
        KafkaTransport transport = new KafkaTransport(transportConfig(topic, 10));
        KafkaProducer<String, byte[]> raw = rawProducer()) {
      byte[] v = "x".getBytes(StandardCharsets.UTF_8);
      List<ProducerRecord<String, byte[]>> garbage =
          List.of(
              record(topic, "plant-a", v), // no headers
              record(topic, "plant-a", v, "kind", "sample"), // unknown kind
              record(
                  topic,
                  "plant-a",
                  v,
                  "kind",
                  "batch",
                  "batch-id",
                  "plant-a/buf",
                  "historical",
                  "false"), // garbled id
              record(
                  topic,
                  "plant-a",
                  v,
                  "kind",
                  "batch",
                  "batch-id",
                  "plant-a/buf/1",
                  "historical",
                  "maybe"),
              record(topic, "plant-a", v, "kind", "batch", "historical", "false"), // no id
              record(
                  topic,
                  "Plant A!",
                  v,
                  "kind",
                  "batch",
                  "batch-id",
                  "plant-a/buf/1",
                  "historical",
                  "false"), // no site id
              record(
                  topic,
                  null,
                  v,
                  "kind",
                  "batch",
                  "batch-id",
                  "plant-a/buf/1",
                  "historical",
                  "false"), // no key
              record(
                  topic,
                  "plant-b",
                  v,
                  "kind",
                  "batch",
                  "batch-id",
                  "plant-a/buf/1",
                  "historical",
                  "false"), // another site's batch
              record(
                  topic,
                  "plant-a",
                  null,
                  "kind",
                  "batch",
                  "batch-id",
                  "plant-a/buf/1",
                  "historical",
                  "false"), // no value
              record(topic, "plant-a", v, "kind", "status"), // no JSON
              record(
                  topic,
                  "plant-a",
                  "{\"site\":\"plant-a\"}".getBytes(StandardCharsets.UTF_8),
                  "kind",
                  "status")); // fields missing
      for (ProducerRecord<String, byte[]> r : garbage) {
        raw.send(r).get();
      }
      Envelope good = envelope("plant-a", 1, false);
      transport.send(good);
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.stored.size() == 1);
      assertThat(sink.byId.get(good.id()).payload()).isEqualTo(good.payload());
      // The intake counts a record once the sink has returned, a moment after the sink shows it.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(intake.stats())
                      .isEqualTo(
                          new KafkaIntake.Stats(garbage.size() + 1, 1, 0, garbage.size(), 0, 0)));
    }
  }

  @Test
  @Order(4)
  void aRecordTooLargeIsRefused() throws Exception {
    try (KafkaTransport transport =
        new KafkaTransport(
            new KafkaTransportConfig(
                broker.bootstrapServers(),
                "too-large",
                "plant-a",
                Map.of("max.request.size", "10000"),
                Duration.ofSeconds(10)))) {
      Envelope big = new Envelope(new BatchId("plant-a", "buf", 1), false, new byte[20_000]);
      TransportException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              TransportException.class, () -> transport.send(big));
      assertThat(e.refused()).isTrue();
      transport.send(envelope("plant-a", 2, false)); // and the next one goes
    }
  }

  @Test
  @Order(5)
  void nothingAcknowledgedIsLostWhenTheBrokerIsKilledMidStream() throws Exception {
    String topic = "broker-killed";
    broker.createTopic(topic, 2);
    RecordingSink sink = new RecordingSink();
    Set<BatchId> acknowledged = ConcurrentHashMap.newKeySet();
    List<TransportException> failures = new CopyOnWriteArrayList<>();
    AtomicInteger duringOutage = new AtomicInteger();
    int total = 60;
    try (KafkaIntake intake = KafkaIntake.start(intakeConfig(topic, "killed"), sink);
        KafkaTransport transport = new KafkaTransport(transportConfig(topic, 3))) {
      Thread killer =
          Thread.ofPlatform()
              .name("broker-killer")
              .start(
                  () -> {
                    try {
                      while (acknowledged.size() < 20) {
                        Thread.sleep(5);
                      }
                      broker.kill();
                      long killedAt = System.nanoTime();
                      while (duringOutage.get() == 0
                          && System.nanoTime() - killedAt < Duration.ofSeconds(15).toNanos()) {
                        Thread.sleep(50);
                      }
                      broker.restart();
                      System.out.printf(
                          "Kafka broker restarted after SIGKILL in %d ms%n",
                          broker.lastStart().toMillis());
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (int i = 1; i <= total; i++) { // the sender: each batch until acknowledged
        Envelope e = envelope("plant-k", i, i > 20);
        while (true) {
          assertThat(System.nanoTime()).as("sent in time").isLessThan(deadline);
          try {
            transport.send(e);
            acknowledged.add(e.id());
            break;
          } catch (TransportException failed) {
            assertThat(failed.refused()).as("refused: %s", failed.getMessage()).isFalse();
            failures.add(failed);
            if (!broker.running()) {
              duringOutage.incrementAndGet();
            }
            Thread.sleep(100);
          }
        }
        Thread.sleep(10); // a stream, not one burst: the kill lands between sends
      }
      killer.join(Duration.ofSeconds(60));
      assertThat(duringOutage.get()).as("sends failed during the outage").isPositive();
      await()
          .atMost(Duration.ofSeconds(45))
          .until(() -> sink.byId.keySet().containsAll(acknowledged));
      assertThat(acknowledged).hasSize(total);
      // The intake counts a record once the sink has returned, a moment after the sink shows it.
      await().atMost(Duration.ofSeconds(10)).until(() -> intake.stats().stored() == total);
      KafkaIntake.Stats stats = intake.stats();
      System.out.printf(
          "broker killed mid-stream: %d failed sends, intake %s%n", failures.size(), stats);
      assertThat(stats.stored()).isEqualTo(total);
      assertThat(stats.refused()).isZero();
    }
  }

  private static KafkaTransportConfig transportConfig(String topic, int timeoutSeconds) {
    return new KafkaTransportConfig(
        broker.bootstrapServers(), topic, "it", Map.of(), Duration.ofSeconds(timeoutSeconds));
  }

  private static KafkaIntakeConfig intakeConfig(String topic, String group) {
    return new KafkaIntakeConfig(
        broker.bootstrapServers(), topic, group, Map.of(), Duration.ofMillis(300));
  }

  private static Envelope envelope(String site, long sequence, boolean historical) {
    BatchId id = new BatchId(site, "b0ffe7", sequence);
    byte[] payload = new byte[100 + (int) (sequence * 37 % 900)];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + sequence + site.hashCode());
    }
    return new Envelope(id, historical, payload);
  }

  private static KafkaProducer<String, byte[]> rawProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"));
  }

  private static ProducerRecord<String, byte[]> record(
      String topic, String key, byte[] value, String... headers) {
    List<Header> list = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      list.add(new RecordHeader(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return new ProducerRecord<>(topic, null, null, key, value, list);
  }

  /** Stores each batch once; fails once for the batches it is told to. */
  static final class RecordingSink implements BatchSink {

    final Map<BatchId, Envelope> byId = new ConcurrentHashMap<>();
    final List<BatchId> stored = Collections.synchronizedList(new ArrayList<>());
    final List<SiteStatus> statuses = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    private final Set<BatchId> failedOnce = ConcurrentHashMap.newKeySet();
    private volatile Predicate<BatchId> failOnce = id -> false;

    void failOnce(Predicate<BatchId> which) {
      failOnce = which;
    }

    List<Long> sequencesOf(String site) {
      synchronized (stored) {
        return stored.stream().filter(id -> id.site().equals(site)).map(BatchId::sequence).toList();
      }
    }

    @Override
    public Outcome accept(String site, Envelope batch) throws Exception {
      attempts.incrementAndGet();
      if (!batch.id().site().equals(site)) {
        throw new RefusedException("batch " + batch.id() + " is not of " + site);
      }
      if (failOnce.test(batch.id()) && failedOnce.add(batch.id())) {
        throw new java.io.IOException("the cloud store is down");
      }
      if (byId.putIfAbsent(batch.id(), batch) != null) {
        return Outcome.DUPLICATE;
      }
      stored.add(batch.id());
      return Outcome.STORED;
    }

    @Override
    public void acceptStatus(String site, SiteStatus status) {
      statuses.add(status);
    }
  }
}
