package io.millwright.publisher.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.publisher.batch.Batch;
import io.millwright.publisher.batch.BatchCodec;
import io.millwright.publisher.batch.TagReading;
import io.millwright.publisher.buffer.BufferLimits;
import io.millwright.publisher.buffer.OutboundBuffer;
import io.millwright.publisher.transport.CloudTransport;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import io.millwright.publisher.transport.TransportException;
import io.millwright.uns.mirror.MachinePlacement;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.testkit.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher against a real broker and a real edge node: live batches reach the cloud; while the
 * link is cut they wait in the buffer; when it returns the newest goes first as live and the
 * backlog follows as history, every reading arriving; events of the namespace published while the
 * publisher was stopped arrive after it starts again (persistent session). The cloud here is a
 * transport that records what it is sent and can be cut: the real transports have their own tests
 * against real brokers and servers, and the whole way is tested end to end in the app.
 */
class PublisherServiceIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  static final String MACHINE = "press-01";
  static final String TAG = "acme/plant-1/pressing/line-1/press-01/counts/cycles";

  @TempDir Path dir;

  /** The cloud as a transport that keeps what it gets; cut, it fails like a dead link. */
  static final class RecordingCloud implements CloudTransport {
    final List<Envelope> received = new CopyOnWriteArrayList<>();
    final List<SiteStatus> statuses = new CopyOnWriteArrayList<>();
    volatile boolean cut;

    @Override
    public void send(Envelope batch) throws TransportException {
      if (cut) {
        throw TransportException.retryable("connection refused", null);
      }
      received.add(batch);
    }

    @Override
    public void sendStatus(SiteStatus status) throws TransportException {
      if (cut) {
        throw TransportException.retryable("connection refused", null);
      }
      statuses.add(status);
    }

    @Override
    public String kind() {
      return "test";
    }

    @Override
    public String target() {
      return "the test's recorder";
    }

    @Override
    public void close() {}

    List<Long> timestamps() throws Exception {
      List<Long> out = new ArrayList<>();
      for (Envelope e : received) {
        Batch b = BatchCodec.decode(e.payload());
        for (TagReading r : b.readings()) {
          if (r.tag().equals(TAG)) {
            out.add(r.sample().timestamp());
          }
        }
      }
      return out;
    }
  }

  PublisherService service(RecordingCloud cloud, long drainRate) throws Exception {
    OutboundBuffer buffer =
        OutboundBuffer.open(dir.resolve("buffer"), "plant-1", new BufferLimits(64L << 20, 0.8));
    return new PublisherService(
        BROKER.endpoint(),
        new PublisherSettings(
            "acme",
            "plant-1",
            "test",
            "publisher",
            Map.of(MACHINE, new MachinePlacement("pressing", "line-1")),
            Duration.ofMillis(200),
            1000,
            drainRate,
            Duration.ofSeconds(1)),
        buffer,
        cloud);
  }

  @Test
  void liveFirstThenTheBacklogAndNothingLost() throws Exception {
    RecordingCloud cloud = new RecordingCloud();
    AtomicLong produced = new AtomicLong();
    Set<Long> sent = new TreeSet<>();
    try (EdgeNodeSession edge =
            new EdgeNodeSession(
                BROKER.endpoint(),
                EdgeNodeConfig.of("plant-1", "connectors", dir.resolve("edge"))
                    .withPrimaryHost("publisher"));
        PublisherService publisher = service(cloud, 200)) {
      DeviceHandle press =
          edge.device(
              MACHINE,
              List.of(Tag.of("counts/cycles", "holding:0", DataType.UINT32)),
              (t, v) -> {});
      publisher.start();
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(20))).isTrue();
      Thread producer =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    long t = System.currentTimeMillis();
                    while (!Thread.currentThread().isInterrupted()) {
                      long n = produced.incrementAndGet();
                      long ts = t + n;
                      synchronized (sent) {
                        sent.add(ts);
                      }
                      press.publish("counts/cycles", Sample.good(ts, Value.of(n)));
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> cloud.timestamps().size() > 50);
        // Live while the link is up (a batch overtaken by a newer one on a slow box goes as
        // history).
        assertThat(cloud.received).anyMatch(e -> !e.historical());
        // The status follows within its interval once the machine's birth was seen.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> !cloud.statuses.isEmpty() && cloud.statuses.getLast().machinesOnline() == 1);

        cloud.cut = true;
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.bufferStats().batches() >= 10);
        assertThat(publisher.linkUp()).isFalse();
        int before = cloud.received.size();
        cloud.cut = false;
        await().atMost(Duration.ofSeconds(30)).until(() -> cloud.received.size() > before);
        // The present first: the first batch after the cut is live, and newer than the backlog.
        Envelope first = cloud.received.get(before);
        assertThat(first.historical()).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(() -> publisher.bufferStats().batches() <= 1);
        assertThat(cloud.received.subList(before, cloud.received.size()))
            .anyMatch(Envelope::historical);
        producer.interrupt();
        producer.join();
        Set<Long> expected;
        synchronized (sent) {
          expected = new TreeSet<>(sent);
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> new TreeSet<>(cloud.timestamps()).containsAll(expected));
        // At least once: a sample may come twice (the cloud drops it), never not at all.
        assertThat(new TreeSet<>(cloud.timestamps())).containsAll(expected);
        assertThat(publisher.figures().get("batches_sent_backlog_total")).isPositive();
      } finally {
        producer.interrupt();
      }
    }
  }

  @Test
  void eventsPublishedWhileThePublisherIsStoppedArriveAfterItStarts() throws Exception {
    RecordingCloud cloud = new RecordingCloud();
    Mqtt5BlockingClient plant = BROKER.client("events-test");
    try {
      try (PublisherService publisher = service(cloud, 0)) {
        publisher.start();
        publish(plant, "acme/plant-1/_jobs/events", "{\"job\":1}");
        await().atMost(Duration.ofSeconds(20)).until(() -> events(cloud).contains("{\"job\":1}"));
      }
      // Stopped: the broker keeps what comes meanwhile in the publisher's session.
      publish(plant, "acme/plant-1/_alarms/events", "{\"alarm\":\"a\"}");
      publish(plant, "acme/plant-1/_jobs/events", "{\"job\":2}");
      try (PublisherService publisher = service(cloud, 0)) {
        publisher.start();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> events(cloud).containsAll(List.of("{\"alarm\":\"a\"}", "{\"job\":2}")));
      }
    } finally {
      plant.disconnect();
    }
  }

  static void publish(Mqtt5BlockingClient client, String topic, String json) {
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(json.getBytes(StandardCharsets.UTF_8))
        .send();
  }

  static List<String> events(RecordingCloud cloud) throws Exception {
    List<String> out = new ArrayList<>();
    for (Envelope e : cloud.received) {
      BatchCodec.decode(e.payload()).events().forEach(ev -> out.add(ev.json()));
    }
    return out;
  }
}
