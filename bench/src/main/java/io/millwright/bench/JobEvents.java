package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.uns.mqtt.MqttEndpoint;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The subscriber to {@code <enterprise>/<site>/_jobs/events}: tells a waiting dispatcher when its
 * job turned {@code dispatched} (the nanoTime of the event's arrival) or when the machine did not
 * take it. A push, not a poll, so the client-side time is not rounded up to a polling period.
 */
final class JobEvents implements AutoCloseable {

  /** The job book's note when a machine never read a job back. */
  static final String NOT_TAKEN = "did not take the job";

  private final ObjectMapper json = new ObjectMapper();
  private final Mqtt5AsyncClient client;
  private final ConcurrentHashMap<Long, CompletableFuture<Long>> waiting =
      new ConcurrentHashMap<>();
  private final LongAdder dispatched = new LongAdder();
  private final LongAdder notTaken = new LongAdder();
  private final LongAdder events = new LongAdder();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, Long> shown = new ConcurrentHashMap<>();

  JobEvents(MqttEndpoint endpoint) {
    this.client = endpoint.clientBuilder("bench-job-events").buildAsync();
  }

  void start() throws Exception {
    client.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
    client
        .subscribeWith()
        .topicFilter(MillwrightProcess.ENTERPRISE + "/" + MillwrightProcess.SITE + "/_jobs/events")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(this::onEvent)
        .send()
        .get(10, TimeUnit.SECONDS);
    // The JSON mirror of each machine's job/order: its timestamp is when the connector's sample
    // was taken (a Modbus poll's read, an OPC UA value's source time), which splits the latency
    // into the wait for the machine's sample and what follows it.
    client
        .subscribeWith()
        .topicFilter(
            MillwrightProcess.ENTERPRISE + "/" + MillwrightProcess.SITE + "/+/+/+/job/order")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(this::onOrderTag)
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  private void onOrderTag(Mqtt5Publish publish) {
    try {
      JsonNode tag = json.readTree(publish.getPayloadAsBytes());
      String key = tag.path("value").asText("");
      if (key.startsWith(JobsImport.PREFIX)) {
        shown.putIfAbsent(key, tag.path("timestamp").asLong(-1));
      }
    } catch (IOException ignored) {
      // not a mirrored sample
    }
  }

  /** The timestamp of the first sample of a machine's job/order showing the key, or -1. */
  long shownAt(String key) {
    return shown.getOrDefault(key, -1L);
  }

  /**
   * To call before the job is released, so that an event arriving before the release's answer is
   * not missed. Completes with the event's arrival (System.nanoTime) or fails with the book's note.
   */
  CompletableFuture<Long> expect(long job) {
    return waiting.computeIfAbsent(job, j -> new CompletableFuture<>());
  }

  void forget(long job) {
    waiting.remove(job);
  }

  private void onEvent(Mqtt5Publish publish) {
    long arrived = System.nanoTime();
    events.increment();
    JsonNode e;
    try {
      e = json.readTree(publish.getPayloadAsBytes());
    } catch (IOException ex) {
      return;
    }
    long job = e.path("job").asLong();
    String to = e.path("to").asText();
    String reason = e.path("reason").asText("");
    if (to.equals("dispatched") && e.path("from").asText().equals("released")) {
      dispatched.increment();
      CompletableFuture<Long> f = waiting.remove(job);
      if (f != null) {
        f.complete(arrived);
      }
    } else if (reason.contains(NOT_TAKEN)) {
      notTaken.increment();
      failures.add("job " + job + ": " + reason);
      CompletableFuture<Long> f = waiting.remove(job);
      if (f != null) {
        f.completeExceptionally(new IllegalStateException(reason));
      }
    }
  }

  long dispatched() {
    return dispatched.sum();
  }

  /** Jobs the book noted a machine did not take, as seen on the topic. */
  long notTaken() {
    return notTaken.sum();
  }

  long events() {
    return events.sum();
  }

  /** The first few notes of failed dispatches, for the report. */
  String firstFailures(int n) {
    return String.join("; ", failures.stream().limit(n).toList());
  }

  @Override
  public void close() {
    client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null);
  }
}
