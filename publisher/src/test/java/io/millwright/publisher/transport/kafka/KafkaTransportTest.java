package io.millwright.publisher.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import io.millwright.publisher.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The Kafka transport's settings, status encoding and error handling, without a broker. */
class KafkaTransportTest {

  @Test
  void configDefaults() {
    KafkaTransportConfig c = KafkaTransportConfig.of(" kafka:9092 ");
    assertThat(c.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(c.topic()).isEqualTo("millwright.batches");
    assertThat(c.clientId()).isEqualTo("millwright");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    KafkaIntakeConfig i = KafkaIntakeConfig.of("kafka:9092");
    assertThat(i.topic()).isEqualTo("millwright.batches");
    assertThat(i.groupId()).isEqualTo("millwright-cloud");
    assertThat(i.backoff()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void configRefusesWhatWouldBreakTheGuarantees() {
    assertThatThrownBy(
            () ->
                new KafkaTransportConfig(
                    "k:9092", null, null, Map.of("acks", "1"), Duration.ofSeconds(5)))
        .hasMessageContaining("acks");
    assertThatThrownBy(
            () ->
                new KafkaTransportConfig("k:9092", "no spaces", null, null, Duration.ofSeconds(5)))
        .isInstanceOf(InvalidTopicException.class);
    assertThatThrownBy(() -> new KafkaTransportConfig(" ", null, null, null, null))
        .hasMessageContaining("bootstrap");
    assertThatThrownBy(
            () -> new KafkaTransportConfig("k:9092", null, null, null, Duration.ofMillis(10)))
        .hasMessageContaining("1 s");
    assertThatThrownBy(
            () ->
                new KafkaIntakeConfig(
                    "k:9092", null, null, Map.of("enable.auto.commit", "true"), null))
        .hasMessageContaining("enable.auto.commit");
  }

  @Test
  void secretsNeverShowInTheConfigsText() {
    Map<String, String> secret =
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "PlainLoginModule required username=\"a\" password=\"hunter2\";");
    String transport = new KafkaTransportConfig("k:9093", null, "plant-a", secret, null).toString();
    String intake = new KafkaIntakeConfig("k:9093", null, null, secret, null).toString();
    assertThat(transport).contains("sasl.jaas.config").doesNotContain("hunter2", "SASL_SSL");
    assertThat(intake).contains("sasl.jaas.config").doesNotContain("hunter2", "SASL_SSL");
    try (KafkaTransport t =
        new KafkaTransport(new KafkaTransportConfig("k:9093", "t", "plant-a", secret, null))) {
      assertThat(t.target()).isEqualTo("kafka://k:9093/t");
    }
  }

  @Test
  void producerIsIdempotentWithAcksAllAndBoundedByTheTimeout() {
    KafkaTransport t =
        new KafkaTransport(
            new KafkaTransportConfig(
                "k:9092",
                null,
                "plant-a",
                Map.of("security.protocol", "SSL", "max.request.size", "4000000"),
                Duration.ofSeconds(20)));
    assertThat(t.producerSettings())
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all")
        .containsEntry("max.in.flight.requests.per.connection", "5")
        .containsEntry("compression.type", "none")
        .containsEntry("delivery.timeout.ms", "20000")
        .containsEntry("request.timeout.ms", "20000")
        .containsEntry("max.block.ms", "20000")
        .containsEntry("client.id", "plant-a")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("max.request.size", "4000000");
  }

  @Test
  void consumerCommitsByHandAndStartsAtTheEarliestUnlessTold() {
    assertThat(KafkaIntake.consumerSettings(KafkaIntakeConfig.of("k:9092")))
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("auto.offset.reset", "earliest")
        .containsEntry("group.id", "millwright-cloud");
    assertThat(
            KafkaIntake.consumerSettings(
                new KafkaIntakeConfig(
                    "k:9092", null, "g", Map.of("auto.offset.reset", "latest"), null)))
        .containsEntry("auto.offset.reset", "latest")
        .containsEntry("group.id", "g");
  }

  @Test
  void statusRoundTripsThroughJson() {
    SiteStatus full =
        new SiteStatus(
            "plant-a",
            "1.2.3",
            1_700_000_000_000L,
            4,
            400,
            1_699_999_000_000L,
            1 << 20,
            1L << 33,
            12,
            7,
            9,
            OptionalDouble.of(0.625),
            2);
    SiteStatus bare =
        new SiteStatus("plant-b", "1.2.3", 1, 0, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), 0);
    assertThat(KafkaStatusJson.decode(KafkaStatusJson.encode(full))).isEqualTo(full);
    assertThat(KafkaStatusJson.decode(KafkaStatusJson.encode(bare))).isEqualTo(bare);
    assertThat(new String(KafkaStatusJson.encode(bare), StandardCharsets.UTF_8))
        .startsWith("{\"site\":\"plant-b\",\"version\":\"1.2.3\",\"sentAt\":1,")
        .doesNotContain("oee");
  }

  @Test
  void garbageIsNoStatus() {
    for (String json :
        new String[] {
          "",
          "[]",
          "x",
          "{}",
          "{\"site\":\"plant-a\"}",
          "{\"site\":\"Plant A\",\"version\":\"1\",\"sentAt\":1,\"backlogBatches\":0,"
              + "\"backlogReadings\":0,\"oldestBacklog\":0,\"bufferBytes\":0,\"budgetBytes\":0,"
              + "\"readingsDropped\":0,\"machinesOnline\":0,\"machinesTotal\":0,\"activeAlarms\":0}"
        }) {
      assertThatThrownBy(() -> KafkaStatusJson.decode(json.getBytes(StandardCharsets.UTF_8)))
          .as(json)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void errorsAreRefusalsRetriesOrAReasonForANewProducer() {
    assertThat(KafkaTransport.refuses(new RecordTooLargeException("big"))).isTrue();
    assertThat(KafkaTransport.refuses(new InvalidTopicException("bad"))).isTrue();
    assertThat(KafkaTransport.spoils(new RecordTooLargeException("big"))).isFalse();
    assertThat(KafkaTransport.refuses(new TimeoutException("slow"))).isFalse();
    assertThat(KafkaTransport.spoils(new TimeoutException("slow"))).isFalse();
    assertThat(KafkaTransport.spoils(new NotLeaderOrFollowerException("moved"))).isFalse();
    assertThat(KafkaTransport.spoils(new OutOfOrderSequenceException("seq"))).isTrue();
    assertThat(KafkaTransport.spoils(new ProducerFencedException("fenced"))).isTrue();
    assertThat(KafkaTransport.spoils(new AuthorizationException("who"))).isTrue();
    assertThat(KafkaTransport.spoils(new IllegalStateException("closed"))).isTrue();
  }

  @Test
  void noBrokerIsARetryableFailureWithinTheTimeout() throws Exception {
    int port = KafkaBroker.freePort(); // nobody listens there
    KafkaTransport t =
        new KafkaTransport(
            new KafkaTransportConfig(
                "127.0.0.1:" + port, null, "plant-a", null, Duration.ofSeconds(1)));
    Envelope e = new Envelope(new BatchId("plant-a", "b1", 1), false, new byte[] {1, 2, 3});
    long started = System.nanoTime();
    assertThatThrownBy(() -> t.send(e))
        .isInstanceOfSatisfying(
            TransportException.class, failed -> assertThat(failed.refused()).isFalse());
    // The first send also makes the producer (Kafka's classes loaded cold, seconds on a busy CI
    // machine): 10 s still tells the 1 s timeout from Kafka's own 60 s default.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(t.started()).isTrue(); // kept: it reconnects by itself
    t.close();
    assertThatThrownBy(() -> t.send(e))
        .isInstanceOfSatisfying(
            TransportException.class, failed -> assertThat(failed.refused()).isFalse());
  }
}
