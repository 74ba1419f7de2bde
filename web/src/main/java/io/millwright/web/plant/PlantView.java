package io.millwright.web.plant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plant as the namespace shows it, kept in memory for the web app: every machine's latest tag
 * values (as a Sparkplug host that is nobody's primary host, so it never holds an edge node back),
 * its state and shift figures (the OEE role's {@code oee/} metrics on the same device), its current
 * job (retained on {@code <enterprise>/<site>/_jobs/machines/<machine>}) and its alarms (retained
 * on {@code <enterprise>/<site>/<area>/<line>/<machine>/_alarms/<alarm>}). Reading the namespace
 * rather than the other roles' objects is what lets the web role run in its own pod.
 *
 * <p>Readers pull: every change stamps a version from one counter, and a stream asks for what
 * changed since the version it sent last, so a slow browser costs nothing while it is slow.
 */
public final class PlantView implements SparkplugListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PlantView.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String OEE = "oee/";
  static final int MAX_TAGS_PER_MACHINE = 10_000;
  static final int MAX_ALARMS_PER_MACHINE = 1_000;

  private final String prefix;
  // Replaced whole when a machine is added, changed or removed (rare): readers on the MQTT and HTTP
  // threads take a snapshot without a lock.
  private volatile Map<String, MachineState> machines = new LinkedHashMap<>();
  private final Map<String, Long> removed = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();
  private final LongAdder refused = new LongAdder();
  private final HostApplicationSession host;
  private final Mqtt5AsyncClient retained;

  /**
   * @param hostId the Sparkplug host id this view takes (unique per process, e.g. {@code
   *     web-<hostname>})
   */
  public PlantView(
      MqttEndpoint endpoint,
      String hostId,
      String enterprise,
      String site,
      List<PlantMachine> followed) {
    this.prefix = enterprise + "/" + site + "/";
    Map<String, MachineState> initial = new LinkedHashMap<>();
    for (PlantMachine m : followed) {
      initial.put(m.id(), new MachineState(m));
    }
    this.machines = initial;
    this.host = new HostApplicationSession(endpoint, HostConfig.of(hostId).withGroup(site), this);
    this.retained =
        endpoint
            .clientBuilder("millwright-" + hostId + "-" + site)
            .automaticReconnect()
            .initialDelay(500, TimeUnit.MILLISECONDS)
            .maxDelay(5, TimeUnit.SECONDS)
            .applyAutomaticReconnect()
            .addConnectedListener(c -> subscribe())
            .buildAsync();
  }

  public void start() {
    host.start();
    retained.connectWith().cleanStart(true).send();
  }

  /** Whether both the Sparkplug session and the retained-topic client are connected. */
  public boolean online() {
    return host.state().name().equals("ONLINE") && retained.getState().isConnected();
  }

  private void subscribe() {
    retained
        .subscribeWith()
        .addSubscription()
        .topicFilter(prefix + "_jobs/machines/+")
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .addSubscription()
        .topicFilter(prefix + "+/+/+/_alarms/+")
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .callback(this::onRetained)
        .send()
        .whenComplete(
            (ack, failure) -> {
              if (failure != null) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "plant view: cannot subscribe to jobs and alarms: " + failure.getMessage());
              }
            });
  }

  /** Every machine's tile, in the order the machines were given. */
  public List<MachineTile> tiles() {
    List<MachineTile> out = new ArrayList<>(machines.size());
    for (MachineState m : machines.values()) {
      out.add(m.tile());
    }
    return out;
  }

  /**
   * Follows a machine added while running, or one whose name, area or line changed (a fresh tile;
   * its values come again with the connector's next birth).
   */
  public synchronized void follow(PlantMachine machine) {
    MachineState known = machines.get(machine.id());
    if (known != null && known.machine.equals(machine)) {
      return;
    }
    Map<String, MachineState> next = new LinkedHashMap<>(machines);
    next.put(machine.id(), new MachineState(machine));
    removed.remove(machine.id());
    machines = next;
  }

  /** Stops following a machine removed while running; streams announce it as removed. */
  public synchronized void forget(String id) {
    if (!machines.containsKey(id)) {
      return;
    }
    Map<String, MachineState> next = new LinkedHashMap<>(machines);
    next.remove(id);
    machines = next;
    removed.put(id, versions.incrementAndGet());
  }

  /** The machines removed after {@code version}. */
  public List<String> removedSince(long version) {
    List<String> out = new ArrayList<>();
    removed.forEach(
        (id, at) -> {
          if (at > version) {
            out.add(id);
          }
        });
    out.sort(null);
    return out;
  }

  /** The tiles that changed after {@code version}. */
  public List<MachineTile> tilesSince(long version) {
    List<MachineTile> out = new ArrayList<>();
    for (MachineState m : machines.values()) {
      if (m.tileVersion() > version) {
        out.add(m.tile());
      }
    }
    return out;
  }

  /** A machine's latest value of every tag, by tag name; empty for a machine not followed. */
  public Optional<List<LiveValue>> values(String machine) {
    MachineState m = machines.get(machine);
    return m == null ? Optional.empty() : Optional.of(m.values(0));
  }

  /** The values of a machine that changed after {@code version}. */
  public List<LiveValue> valuesSince(String machine, long version) {
    MachineState m = machines.get(machine);
    return m == null ? List.of() : m.values(version);
  }

  /** The newest version stamped so far: what a stream remembers as sent. */
  public long version() {
    return versions.get();
  }

  /** Messages refused: a job or alarm payload that is not the JSON expected, a machine unknown. */
  public long refused() {
    return refused.sum();
  }

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> samples) {
    if (device.isNode()) {
      return;
    }
    MachineState m = machines.get(device.device());
    if (m == null) {
      refused.add(samples.size());
      return;
    }
    boolean connectorData = false;
    for (MetricSample s : samples) {
      if (s.historical()) {
        continue; // backfill belongs to history; the live view keeps the newest
      }
      m.sample(s.metric(), s.sample());
      connectorData |= !s.metric().startsWith(OEE);
    }
    if (connectorData) {
      m.connectorNode(device.node());
    }
  }

  @Override
  public void onOnline(DeviceKey device) {
    MachineState m = device.isNode() ? null : machines.get(device.device());
    if (m != null) {
      m.link(device.node(), true);
    }
  }

  @Override
  public void onOffline(DeviceKey device) {
    if (device.isNode()) {
      for (MachineState m : machines.values()) {
        m.link(device.node(), false);
      }
      return;
    }
    MachineState m = machines.get(device.device());
    if (m != null) {
      m.link(device.node(), false);
    }
  }

  private void onRetained(Mqtt5Publish message) {
    String topic = message.getTopic().toString();
    try {
      if (!topic.startsWith(prefix)) {
        refused.increment();
        return;
      }
      String[] levels = topic.substring(prefix.length()).split("/", -1);
      byte[] payload = message.getPayloadAsBytes();
      if (levels.length == 3 && levels[0].equals("_jobs") && levels[1].equals("machines")) {
        MachineState m = machines.get(levels[2]);
        if (m == null) {
          refused.increment();
          return;
        }
        m.job(parseObject(payload));
      } else if (levels.length == 5 && levels[3].equals("_alarms")) {
        // <area>/<line>/<machine>/_alarms/<alarm>
        MachineState m = machines.get(levels[2]);
        if (m == null) {
          refused.increment();
          return;
        }
        m.alarm(levels[4], payload.length == 0 ? null : JSON.readTree(payload));
      } else {
        refused.increment();
      }
    } catch (IOException | RuntimeException e) {
      refused.increment();
      LOG.log(
          System.Logger.Level.DEBUG, () -> "plant view: refused " + topic + ": " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseObject(byte[] payload) throws IOException {
    if (payload.length == 0) {
      return Map.of();
    }
    Object parsed = JSON.readValue(payload, Object.class);
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IOException("a job is a JSON object");
    }
    return (Map<String, Object>) map;
  }

  @Override
  public void close() {
    try {
      retained.disconnect().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing: the broker drops the connection anyway
    }
    host.close();
  }

  /** One machine's part of the view; its own lock, so machines never wait for each other. */
  private final class MachineState {
    private final PlantMachine machine;
    private final Map<String, Stamped> values = new TreeMap<>();
    private final Set<String> connectorNodes = new HashSet<>();
    private final Set<String> onlineNodes = new HashSet<>();
    private final Map<String, MachineTile.ActiveAlarm> alarms = new TreeMap<>();
    private Map<String, Object> job;
    private MachineTile tile;
    private long tileVersion;

    private record Stamped(LiveValue value, long version) {}

    MachineState(PlantMachine machine) {
      this.machine = machine;
      this.tileVersion = versions.incrementAndGet();
    }

    synchronized void sample(String metric, Sample s) {
      Stamped old = values.get(metric);
      if (old != null && old.value().timestamp() > s.timestamp()) {
        return; // an older value arriving late
      }
      if (old == null && values.size() >= MAX_TAGS_PER_MACHINE) {
        refused.increment();
        return;
      }
      values.put(
          metric,
          new Stamped(
              new LiveValue(metric, plain(s.value()), s.quality().toString(), s.timestamp()),
              versions.incrementAndGet()));
      if (metric.startsWith(OEE)) {
        changed();
      }
    }

    synchronized void connectorNode(String node) {
      if (connectorNodes.add(node) | onlineNodes.add(node)) {
        changed();
      }
    }

    synchronized void link(String node, boolean online) {
      boolean change = online ? onlineNodes.add(node) : onlineNodes.remove(node);
      if (change && connectorNodes.contains(node)) {
        changed();
      }
    }

    synchronized void job(Map<String, Object> current) {
      job = current.isEmpty() ? null : current;
      changed();
    }

    synchronized void alarm(String name, JsonNode transition) {
      String state = transition == null ? "normal" : transition.path("state").asText("");
      boolean shown = state.startsWith("active") || state.equals("returned-unacknowledged");
      if (!shown) {
        if (alarms.remove(name) != null) {
          changed();
        }
        return;
      }
      if (!alarms.containsKey(name) && alarms.size() >= MAX_ALARMS_PER_MACHINE) {
        refused.increment();
        return;
      }
      alarms.put(
          name,
          new MachineTile.ActiveAlarm(
              name,
              transition.path("priority").asText(""),
              state,
              transition.path("message").asText(""),
              transition.path("time").asText("")));
      changed();
    }

    synchronized long tileVersion() {
      return tileVersion;
    }

    synchronized MachineTile tile() {
      if (tile == null || tile.version() != tileVersion) {
        tile =
            new MachineTile(
                machine.id(),
                machine.name(),
                machine.area(),
                machine.line(),
                connectorNodes.stream().anyMatch(onlineNodes::contains),
                text(OEE + "state"),
                stamp(OEE + "state"),
                whole(OEE + "reason"),
                number(OEE + "shift/oee"),
                number(OEE + "shift/availability"),
                number(OEE + "shift/performance"),
                number(OEE + "shift/quality"),
                whole(OEE + "shift/good"),
                whole(OEE + "shift/scrap"),
                job,
                alarms.values().stream()
                    .sorted(Comparator.comparing(MachineTile.ActiveAlarm::time).reversed())
                    .toList(),
                tileVersion);
      }
      return tile;
    }

    synchronized List<LiveValue> values(long since) {
      List<LiveValue> out = new ArrayList<>();
      for (Stamped s : values.values()) {
        if (s.version() > since) {
          out.add(s.value());
        }
      }
      return out;
    }

    private void changed() {
      tileVersion = versions.incrementAndGet();
    }

    private String text(String metric) {
      Stamped s = values.get(metric);
      return s == null || s.value().value() == null ? null : s.value().value().toString();
    }

    private Long stamp(String metric) {
      Stamped s = values.get(metric);
      return s == null ? null : s.value().timestamp();
    }

    private Double number(String metric) {
      Stamped s = values.get(metric);
      return s != null
              && s.value().value() instanceof Number n
              && s.value().quality().equals("Good")
          ? n.doubleValue()
          : null;
    }

    private Long whole(String metric) {
      Stamped s = values.get(metric);
      return s != null && s.value().value() instanceof Number n ? n.longValue() : null;
    }
  }

  private static Object plain(Value v) {
    return switch (v) {
      case Value.Bool b -> b.value();
      case Value.Int64 i -> i.value();
      case Value.Float64 f -> Double.isFinite(f.value()) ? f.value() : null;
      case Value.Text t -> t.value();
    };
  }
}
