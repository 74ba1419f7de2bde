package io.millwright.publisher.live;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.publisher.batch.SiteEvent;
import io.millwright.publisher.buffer.BufferStats;
import io.millwright.publisher.buffer.OutboundBuffer;
import io.millwright.publisher.transport.CloudTransport;
import io.millwright.publisher.transport.SiteStatus;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostState;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The edge-to-cloud publisher: follows the site's namespace (machine samples as a Sparkplug host,
 * alarm, job and OEE events over MQTT), seals everything into the durable outbound buffer and sends
 * it to the cloud, live data first and the backlog behind it.
 *
 * <p>Nothing is lost on the way in: the edge nodes that name this host as a primary host buffer
 * while it is away (and resend what it may have missed), and the event subscription is a persistent
 * MQTT session whose messages are acknowledged only once sealed. Nothing is lost on the way out: a
 * batch leaves the buffer only when the cloud has it; it may arrive twice, and the cloud drops the
 * second by its id.
 */
public final class PublisherService implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PublisherService.class.getName());

  private final PublisherSettings settings;
  private final OutboundBuffer buffer;
  private final CloudTransport transport;
  private final SiteSummary summary = new SiteSummary();
  private final Intake intake;
  private final HostApplicationSession host;
  private final Batcher batcher;
  private final Sender sender;
  private final Mqtt5AsyncClient events;
  private final String prefix;
  private final LongAdder eventsSkipped = new LongAdder();

  /**
   * @param buffer the outbound buffer, open; closed with the service
   * @param transport the way to the cloud; closed with the service
   */
  public PublisherService(
      MqttEndpoint endpoint,
      PublisherSettings settings,
      OutboundBuffer buffer,
      CloudTransport transport) {
    this.settings = settings;
    this.buffer = buffer;
    this.transport = transport;
    this.prefix = settings.enterprise() + "/" + settings.site() + "/";
    this.intake = new Intake(settings.enterprise(), settings.site(), settings.machines(), summary);
    this.host =
        new HostApplicationSession(
            endpoint, HostConfig.of(settings.hostId()).withGroup(settings.site()), intake);
    Sender[] wake = {null};
    this.batcher =
        new Batcher(
            intake,
            buffer,
            settings.batchInterval(),
            settings.maxBatchReadings(),
            () -> {
              Sender s = wake[0];
              if (s != null) {
                s.wake();
              }
            },
            host::pause,
            host::resume);
    this.sender =
        new Sender(
            buffer,
            transport,
            batcher,
            settings.drainRate(),
            settings.statusInterval(),
            this::status);
    wake[0] = sender;
    // A fixed client id and a persistent session: events published while this process is down
    // wait at the broker, and each is acknowledged only once sealed into the buffer.
    this.events =
        endpoint
            .clientBuilder("millwright-publisher-events-" + settings.site())
            .automaticReconnect()
            .initialDelay(500, TimeUnit.MILLISECONDS)
            .maxDelay(5, TimeUnit.SECONDS)
            .applyAutomaticReconnect()
            .buildAsync();
  }

  public void start() throws Exception {
    batcher.start();
    sender.start();
    // Before connecting: what the session kept arrives right after CONNACK, before any SUBSCRIBE.
    events.publishes(MqttGlobalPublishFilter.ALL, this::onEvent, true);
    events
        .connectWith()
        .cleanStart(false)
        .sessionExpiryInterval(Duration.ofDays(7).toSeconds())
        .send()
        .get(30, TimeUnit.SECONDS);
    events
        .subscribeWith()
        .addSubscription()
        .topicFilter(prefix + "_alarms/events")
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .addSubscription()
        .topicFilter(prefix + "_jobs/events")
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .addSubscription()
        .topicFilter(prefix + "_oee")
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .addSubscription()
        .topicFilter(prefix + "+/+/_oee")
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .addSubscription()
        .topicFilter(prefix + "+/+/+/_alarms/+")
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .send()
        .get(30, TimeUnit.SECONDS);
    host.start();
  }

  private void onEvent(Mqtt5Publish publish) {
    String topic = publish.getTopic().toString();
    byte[] payload = publish.getPayloadAsBytes();
    if (topic.startsWith(prefix)
        && topic.contains("/_alarms/")
        && !topic.endsWith("/_alarms/events")) {
      // An alarm's retained state: for the site's summary only; its transition comes as an event.
      summary.alarm(topic, payload);
      publish.acknowledge();
      return;
    }
    if (topic.equals(prefix + "_oee")) {
      summary.siteOee(payload);
    }
    SiteEvent event;
    try {
      event =
          new SiteEvent(
              topic, System.currentTimeMillis(), new String(payload, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      eventsSkipped.increment();
      LOG.log(
          Level.WARNING,
          "publisher: an event on " + topic + " is not forwarded: " + e.getMessage());
      publish.acknowledge();
      return;
    }
    try {
      intake.event(new Intake.PendingEvent(event, publish::acknowledge));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The site's status as the cloud's fleet view shows it. */
  public SiteStatus status() {
    BufferStats b = buffer.stats();
    return new SiteStatus(
        settings.site(),
        settings.version(),
        System.currentTimeMillis(),
        b.batches(),
        b.readings(),
        b.oldestSealedAt(),
        b.payloadBytes(),
        b.budgetBytes(),
        b.readingsDropped(),
        summary.machinesOnline(),
        settings.machines().size(),
        summary.oee(),
        summary.activeAlarms());
  }

  /** Following the namespace and sealing into the buffer. */
  public boolean online() {
    return host.state() == HostState.ONLINE && !batcher.bufferDown();
  }

  /** Whether the last send to the cloud succeeded. */
  public boolean linkUp() {
    return sender.linkUp();
  }

  public String lastError() {
    return sender.lastError();
  }

  public BufferStats bufferStats() {
    return buffer.stats();
  }

  public String bufferName() {
    return buffer.name();
  }

  public CloudTransport transport() {
    return transport;
  }

  /** Figures for the metrics endpoint (prefixed by the role). */
  public Map<String, Double> figures() {
    BufferStats b = buffer.stats();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("readings_received_total", (double) intake.received());
    out.put("readings_skipped_total", (double) intake.skipped());
    out.put("events_skipped_total", (double) eventsSkipped.sum());
    out.put("batches_sealed_total", (double) batcher.sealed());
    out.put("buffer_write_failures_total", (double) batcher.failures());
    out.put("backlog_batches", (double) b.batches());
    out.put("backlog_readings", (double) b.readings());
    out.put(
        "backlog_age_seconds",
        b.oldestSealedAt() == 0
            ? 0.0
            : Math.max(0, (System.currentTimeMillis() - b.oldestSealedAt()) / 1000.0));
    out.put("buffer_bytes", (double) b.payloadBytes());
    out.put("buffer_file_bytes", (double) b.fileBytes());
    out.put("buffer_budget_bytes", (double) b.budgetBytes());
    out.put("buffer_fill_ratio", b.fill());
    out.put("buffer_warning", b.warning() ? 1.0 : 0.0);
    out.put("buffer_batches_dropped_total", (double) b.batchesDropped());
    out.put("buffer_readings_dropped_total", (double) b.readingsDropped());
    out.put("batches_sent_live_total", (double) sender.liveBatches());
    out.put("batches_sent_backlog_total", (double) sender.backlogBatches());
    out.put("readings_sent_total", (double) sender.readingsSent());
    out.put("backlog_readings_sent_total", (double) sender.backlogReadingsSent());
    out.put("drain_rate_readings_per_second", sender.measuredDrainRate());
    out.put("bytes_sent_total", (double) sender.bytesSent());
    out.put("send_failures_total", (double) sender.failures());
    out.put("batches_refused_total", (double) sender.refused());
    out.put("status_failures_total", (double) sender.statusFailures());
    out.put("link_up", sender.linkUp() ? 1.0 : 0.0);
    return out;
  }

  /**
   * Stops taking data (the host goes offline, so the edge nodes buffer), seals what was gathered,
   * stops sending, then closes the buffer and the transport.
   */
  @Override
  public void close() {
    host.close();
    // Seals (and so acknowledges) the events gathered before the subscription goes.
    batcher.close();
    events.disconnect();
    sender.close();
    transport.close();
    buffer.close();
  }
}
