package io.millwright.uns.mirror;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import io.millwright.core.namespace.UnsPath;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The optional JSON mirror of the namespace: every machine tag of the site's Sparkplug traffic is
 * republished, retained, on {@code <enterprise>/<site>/<area>/<line>/<machine>/<tag>} as {@code
 * {"value":…,"timestamp":…,"quality":…}}, so Node-RED or Grafana can subscribe without Sparkplug
 * (ARCHITECTURE.md section 4, "Topics").
 *
 * <p>A retained topic holds the latest value, so samples older than the one already mirrored
 * (store-and-forward backfill, reordering) are not written over it. Machines not in the
 * configuration have no area and line, and are counted and skipped rather than guessed.
 */
public final class JsonMirror implements SparkplugListener, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JsonMirror.class.getName());
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final MqttEndpoint endpoint;
  private final String enterprise;
  private final String site;
  private final Map<String, MachinePlacement> machines;
  private final Map<String, Long> lastTimestamp = new ConcurrentHashMap<>();
  private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private HostApplicationSession host;
  private Mqtt5AsyncClient client;

  /**
   * @param site the Sparkplug group id this mirror follows
   * @param machines placement of each machine id of the site
   */
  public JsonMirror(
      MqttEndpoint endpoint,
      String enterprise,
      String site,
      Map<String, MachinePlacement> machines) {
    this.endpoint = endpoint;
    this.enterprise = Names.requireName("enterprise name", enterprise);
    this.site = Names.requireName("site name", site);
    this.machines = Map.copyOf(machines);
  }

  /**
   * Connects its publisher, then follows the site as a (non-primary) Sparkplug host application.
   */
  public void start() throws Exception {
    client =
        endpoint
            .clientBuilder("millwright-mirror-" + site)
            .automaticReconnectWithDefaultConfig()
            .buildAsync();
    client.connectWith().cleanStart(true).send().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    host =
        new HostApplicationSession(
            endpoint, HostConfig.of("millwright-mirror-" + site).withGroup(site), this);
    host.start();
    if (!host.awaitOnline(CONNECT_TIMEOUT)) {
      throw new IllegalStateException(
          "the JSON mirror could not follow the namespace at " + endpoint);
    }
  }

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> samples) {
    if (device.isNode()) {
      return; // node metrics (bdSeq, Node Control/...) belong to no machine
    }
    MachinePlacement placement = machines.get(device.device());
    if (placement == null) {
      skipped.add(samples.size());
      warnOnce(
          device.device(),
          "machine '" + device.device() + "' is not configured; its tags are not mirrored");
      return;
    }
    for (MetricSample m : samples) {
      String topic;
      try {
        topic =
            new UnsPath(
                    enterprise,
                    site,
                    placement.area(),
                    placement.line(),
                    device.device(),
                    m.metric())
                .toString();
      } catch (InvalidNameException e) {
        skipped.increment();
        warnOnce(device.device() + "/" + m.metric(), "not mirrored: " + e.getMessage());
        continue;
      }
      long timestamp = m.sample().timestamp();
      Long before = lastTimestamp.get(topic);
      if (before != null && before > timestamp) {
        continue; // a newer value is already retained there
      }
      lastTimestamp.put(topic, timestamp);
      client
          .publishWith()
          .topic(topic)
          .retain(true)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(MirrorPayload.json(m.sample()).getBytes(StandardCharsets.UTF_8))
          .send();
      published.increment();
    }
  }

  /** Tags mirrored since start. */
  public long published() {
    return published.sum();
  }

  /** Tags not mirrored: unknown machines or tag names that are not valid namespace paths. */
  public long skipped() {
    return skipped.sum();
  }

  /**
   * What the mirror's Sparkplug host session saw: malformed payloads, sequence gaps, rebirth
   * requests...
   */
  public io.millwright.uns.sparkplug.host.HostStats hostStats() {
    return host.stats();
  }

  public boolean online() {
    return host != null && host.state() == io.millwright.uns.sparkplug.host.HostState.ONLINE;
  }

  private void warnOnce(String key, String message) {
    if (warned.size() < 1000 && warned.putIfAbsent(key, Boolean.TRUE) == null) {
      LOG.warning(message);
    }
  }

  @Override
  public void close() {
    if (host != null) {
      host.close();
    }
    if (client != null) {
      try {
        client.disconnect().get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
