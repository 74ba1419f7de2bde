package io.millwright.uns.sparkplug.edge;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.core.machine.Tag;
import io.millwright.core.namespace.Names;
import io.millwright.core.sample.Sample;
import io.millwright.uns.mqtt.Backoff;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.mqtt.Subscriptions;
import io.millwright.uns.sparkplug.HostStatus;
import io.millwright.uns.sparkplug.InvalidTopicException;
import io.millwright.uns.sparkplug.LogLimiter;
import io.millwright.uns.sparkplug.MessageType;
import io.millwright.uns.sparkplug.SparkplugDecodeException;
import io.millwright.uns.sparkplug.SparkplugTopic;
import io.millwright.uns.sparkplug.StateMachine;
import io.millwright.uns.sparkplug.buffer.BufferedSample;
import io.millwright.uns.sparkplug.buffer.EdgeNodeStore;
import io.millwright.uns.sparkplug.codec.MetricValues;
import io.millwright.uns.sparkplug.codec.PayloadCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * A Sparkplug B 3.0 edge node: one per connector host, carrying many devices (machines). It
 * connects with its NDEATH as will, waits for the primary host when one is configured, births
 * itself and its devices, publishes samples by exception as DDATA, hands DCMD writes to the
 * device's connector, rebirths on request, and while it cannot publish keeps samples in a bounded
 * on-disk buffer that it replays as historical data once it can. The lifecycle is in
 * EDGE-LIFECYCLE.md beside this class.
 *
 * <p>Threads: connectors call {@link DeviceHandle} methods from their own threads; MQTT events,
 * STATE, rebirths and buffer draining run on one scheduler thread; writes go to connectors on a
 * command thread. One lock orders everything that is published, so {@code seq} goes out in order.
 */
public final class EdgeNodeSession implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EdgeNodeSession.class.getName());

  /** The pause between two historical batches, in which live samples get the lock. */
  private static final long DRAIN_PAUSE_MS = 2;

  private final MqttEndpoint endpoint;
  private final EdgeNodeConfig config;
  private final EdgeNodeStore store;
  private final PayloadCodec codec;
  private final LogLimiter log;
  private final StateMachine<EdgeNodeState> lifecycle;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService commandThread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Object monitor = new Object();
  private final Map<String, DeviceHandle> devices = new ConcurrentHashMap<>();
  private final String nodeBirthTopic;
  private final String nodeDeathTopic;
  private final String nodeCommandTopic;
  private final String deviceCommandFilter;
  private final List<String> primaryStateTopics;

  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder samplesSent = new LongAdder();
  private final LongAdder historicalSent = new LongAdder();
  private final LongAdder suppressed = new LongAdder();
  private final LongAdder buffered = new LongAdder();
  private final LongAdder rebirths = new LongAdder();
  private final LongAdder commands = new LongAdder();
  private final LongAdder commandsRejected = new LongAdder();
  private final LongAdder decodeErrors = new LongAdder();
  private final LongAdder resent = new LongAdder();

  // Guarded by lock.
  private long nextAlias = 1;
  private int seq;
  private long bdSeq;
  private boolean closed;
  private long drainCursor;
  private boolean draining;
  private boolean buffering;
  // Only with primary hosts: the consumers whose missing samples we can know about.
  private final UnconfirmedWindow unconfirmed;

  // Owned by the scheduler thread.
  private volatile Mqtt5AsyncClient client;
  private long generation;
  private final Backoff backoff = new Backoff();
  // Per primary host: the timestamp of its last STATE, and whether that said online.
  private final Map<String, Long> lastStateTimestamps = new HashMap<>();
  private final Set<String> hostsOnline = new HashSet<>();
  private volatile boolean closing;
  private final java.util.concurrent.atomic.AtomicBoolean closeStarted =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Opens the on-disk buffer (samples buffered before a restart are sent once online); {@link
   * #start} connects.
   */
  public EdgeNodeSession(MqttEndpoint endpoint, EdgeNodeConfig config) {
    this.endpoint = endpoint;
    this.config = config;
    this.store = new EdgeNodeStore(config.dataDirectory(), config.bufferLimits());
    this.codec = new PayloadCodec(config.maxPayloadBytes());
    this.log = new LogLimiter(LOG, Duration.ofMinutes(1));
    String name = "Sparkplug edge node " + config.group() + "/" + config.node();
    this.lifecycle =
        EdgeNodeState.TRANSITIONS.start(
            name,
            EdgeNodeState.NEW,
            (from, to) -> {
              LOG.fine(() -> name + ": " + from + " -> " + to);
              synchronized (monitor) {
                monitor.notifyAll();
              }
            });
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("sparkplug-edge-"));
    this.commandThread = Executors.newSingleThreadExecutor(daemon("sparkplug-commands-"));
    this.nodeBirthTopic = topic(MessageType.NBIRTH);
    this.nodeDeathTopic = topic(MessageType.NDEATH);
    this.nodeCommandTopic = topic(MessageType.NCMD);
    this.deviceCommandFilter =
        SparkplugTopic.NAMESPACE + "/" + config.group() + "/DCMD/" + config.node() + "/+";
    this.primaryStateTopics =
        config.primaryHosts().stream().map(h -> SparkplugTopic.state(h).toString()).toList();
    this.unconfirmed = primaryStateTopics.isEmpty() ? null : new UnconfirmedWindow();
  }

  /** Starts connecting in the background. */
  public void start() {
    scheduler.execute(
        () -> {
          if (lifecycle.is(EdgeNodeState.NEW)) {
            connect();
          }
        });
  }

  /**
   * Registers a device with its tags; it births as soon as the node is online. Aliases are unique
   * across the edge node (tck-id-payloads-alias-uniqueness).
   *
   * @throws IllegalArgumentException for an invalid or already registered device id
   */
  public DeviceHandle device(String deviceId, List<Tag> tags, CommandListener onCommand) {
    return register(deviceId, tags, onCommand, true);
  }

  /**
   * Registers a device that stays offline (no DBIRTH) until its {@link DeviceHandle#online()}: for
   * a device added while the node is online whose values are not read yet, so that its first DBIRTH
   * carries values rather than nulls.
   *
   * @throws IllegalArgumentException for an invalid or already registered device id
   */
  public DeviceHandle offlineDevice(String deviceId, List<Tag> tags, CommandListener onCommand) {
    return register(deviceId, tags, onCommand, false);
  }

  private DeviceHandle register(
      String deviceId, List<Tag> tags, CommandListener onCommand, boolean online) {
    Names.requireName("device id", deviceId);
    lock.lock();
    try {
      if (devices.containsKey(deviceId)) {
        throw new IllegalArgumentException("device " + deviceId + " is already registered");
      }
      DeviceHandle device =
          new DeviceHandle(
              this, config.group(), config.node(), deviceId, tags, nextAlias, onCommand);
      device.wantOnline = online;
      nextAlias += tags.size();
      devices.put(deviceId, device);
      if (lifecycle.is(EdgeNodeState.ONLINE)) {
        birth(device);
      }
      return device;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets a device: sends its DDEATH when it is born, and from then on its handle's publishes are
   * ignored and DCMDs for it rejected. The id may be registered again, with another tag set, whose
   * DBIRTH then declares the new metrics (Sparkplug 3.0: a DBIRTH after a DDEATH may carry a
   * different metric set). Samples of it still in the store-and-forward buffer are sent after the
   * new device's birth for the tags it still has, and discarded for the others.
   *
   * @return whether the device was registered
   */
  public boolean removeDevice(String deviceId) {
    lock.lock();
    try {
      DeviceHandle device = devices.remove(deviceId);
      if (device == null) {
        return false;
      }
      if (device.born && lifecycle.is(EdgeNodeState.ONLINE)) {
        LOG.info(() -> "device " + deviceId + " is removed");
        send(device.deathTopic, EdgePayloads.deviceDeath(nextSeq(), System.currentTimeMillis()));
      }
      device.born = false;
      device.wantOnline = false;
      device.removed = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  public EdgeNodeState state() {
    return lifecycle.state();
  }

  /**
   * @return whether the node was online (born) within the timeout
   */
  public boolean awaitOnline(Duration timeout) throws InterruptedException {
    return await(EdgeNodeState.ONLINE, timeout);
  }

  /**
   * @return whether the session reached the state within the timeout
   */
  public boolean await(EdgeNodeState wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (!lifecycle.is(wanted)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    }
    return true;
  }

  public EdgeNodeStats stats() {
    long bufferedNow;
    long dropped;
    lock.lock();
    try {
      bufferedNow = closed ? 0 : store.size();
      dropped = closed ? 0 : store.dropped();
    } finally {
      lock.unlock();
    }
    return new EdgeNodeStats(
        messagesSent.sum(),
        samplesSent.sum(),
        historicalSent.sum(),
        suppressed.sum(),
        buffered.sum(),
        bufferedNow,
        dropped,
        rebirths.sum(),
        commands.sum(),
        commandsRejected.sum(),
        decodeErrors.sum(),
        resent.sum());
  }

  /** Publishes NDEATH (when online), disconnects and closes the buffer. */
  @Override
  public void close() {
    if (closeStarted.getAndSet(true)) {
      return;
    }
    closing = true;
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              Mqtt5AsyncClient c = client;
              lock.lock();
              boolean wasOnline = lifecycle.is(EdgeNodeState.ONLINE);
              lifecycle.moveTo(EdgeNodeState.CLOSED);
              lock.unlock();
              if (c != null) {
                try {
                  if (wasOnline) {
                    // tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath.
                    c.publishWith()
                        .topic(nodeDeathTopic)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(EdgePayloads.nodeDeath(bdSeq, System.currentTimeMillis()))
                        .send()
                        .get(5, TimeUnit.SECONDS);
                  }
                  c.disconnect().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                  LOG.log(Level.FINE, "closing the edge node session", e);
                }
              }
            },
            scheduler);
    try {
      done.get(12, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Sparkplug edge node did not close cleanly", e);
    }
    scheduler.shutdownNow();
    commandThread.shutdownNow();
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        store.close();
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- samples

  /**
   * Sends samples live when online, otherwise buffers them and returns only once they are synced to
   * disk (group commit with other callers, see {@link EdgeNodeStore}), so an accepted sample
   * survives {@code kill -9} and power loss.
   */
  int accept(DeviceHandle device, List<TagSample> samples, boolean force) {
    long durableMark = 0;
    int accepted;
    lock.lock();
    try {
      if (closed || device.removed) {
        return 0;
      }
      buffering = false;
      accepted = acceptLocked(device, samples, force);
      if (buffering) {
        durableMark = store.changes();
      }
    } finally {
      lock.unlock();
    }
    if (durableMark > 0) {
      store.awaitDurable(durableMark);
    }
    return accepted;
  }

  /** Under the lock; sets {@link #buffering} when a sample went to the buffer. */
  private int acceptLocked(DeviceHandle device, List<TagSample> samples, boolean force) {
    boolean live = lifecycle.is(EdgeNodeState.ONLINE) && device.born;
    List<EdgeNodeStore.Entry> outgoing = live ? new ArrayList<>(samples.size()) : null;
    int accepted = 0;
    for (TagSample tagSample : samples) {
      TagState tag = device.tag(tagSample.tag());
      if (tag == null) {
        throw new IllegalArgumentException(
            "device " + device.deviceId() + " has no tag \"" + tagSample.tag() + "\"");
      }
      Sample sample = tagSample.sample();
      if (!force && !tag.isException(sample)) {
        suppressed.increment();
        continue;
      }
      long sequence = store.nextSequence(device.deviceId());
      tag.last = sample;
      tag.lastSequence = sequence;
      accepted++;
      BufferedSample entry =
          new BufferedSample(device.deviceId(), tag.tag.name(), sequence, sample);
      if (live) {
        // Its place in the buffer's order, should the publish fail and it have to go back.
        outgoing.add(new EdgeNodeStore.Entry(store.reserveKey(), entry));
      } else if (device.wantOnline) {
        store.add(entry);
        buffered.increment();
        buffering = true;
      }
      // A device marked offline keeps only its last value, which its next DBIRTH carries.
    }
    if (live && !outgoing.isEmpty()) {
      sendData(device, outgoing, false);
    }
    return accepted;
  }

  void deviceOffline(DeviceHandle device, String reason) {
    lock.lock();
    try {
      if (device.removed) {
        return;
      }
      device.wantOnline = false;
      if (device.born && lifecycle.is(EdgeNodeState.ONLINE)) {
        LOG.info(() -> "device " + device.deviceId() + " is offline: " + reason);
        send(device.deathTopic, EdgePayloads.deviceDeath(nextSeq(), System.currentTimeMillis()));
      }
      device.born = false;
    } finally {
      lock.unlock();
    }
  }

  void deviceOnline(DeviceHandle device) {
    lock.lock();
    try {
      if (device.removed) {
        return;
      }
      device.wantOnline = true;
      if (!device.born && lifecycle.is(EdgeNodeState.ONLINE)) {
        birth(device);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock, node online. */
  private void birth(DeviceHandle device) {
    if (!device.wantOnline) {
      return;
    }
    for (TagState tag : device.tags()) {
      tag.birthSequence = tag.lastSequence;
    }
    send(
        device.birthTopic,
        EdgePayloads.deviceBirth(device.tags(), nextSeq(), System.currentTimeMillis()));
    device.born = true;
    startDrain();
  }

  /** Under the lock, node online: NBIRTH then every device's DBIRTH, seq from 0. */
  private void birthAll() {
    seq = 0;
    long now = System.currentTimeMillis();
    send(nodeBirthTopic, EdgePayloads.nodeBirth(bdSeq, nextSeq(), now));
    for (DeviceHandle device : devices.values()) {
      device.born = false;
      birth(device);
    }
  }

  private int nextSeq() {
    int s = seq;
    seq = (seq + 1) & 0xFF;
    return s;
  }

  /**
   * Under the lock. A publish that fails puts its samples back into the buffer at their keys, so
   * they are replayed in the order they were accepted, before samples buffered after them.
   */
  private void sendData(
      DeviceHandle device, List<EdgeNodeStore.Entry> samples, boolean historical) {
    List<BufferedSample> plain = new ArrayList<>(samples.size());
    for (EdgeNodeStore.Entry entry : samples) {
      plain.add(entry.sample());
    }
    byte[] payload =
        EdgePayloads.deviceData(device, plain, historical, nextSeq(), System.currentTimeMillis());
    (historical ? historicalSent : samplesSent).add(samples.size());
    if (unconfirmed != null) {
      unconfirmed.add(samples, System.nanoTime());
    }
    send(device.dataTopic, payload)
        .exceptionally(
            error -> {
              rebuffer(samples);
              return null;
            });
  }

  private void rebuffer(List<EdgeNodeStore.Entry> samples) {
    lock.lock();
    try {
      if (!closed) {
        for (EdgeNodeStore.Entry entry : samples) {
          store.put(entry.key(), entry.sample());
        }
        buffered.add(samples.size());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: QoS 0, not retained, as Sparkplug requires of births and data. */
  private CompletableFuture<?> send(String topic, byte[] payload) {
    Mqtt5AsyncClient c = client;
    if (c == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    messagesSent.increment();
    return c.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
  }

  // ---- store and forward

  /** Under the lock. Starts a pass over the buffer from its oldest entry. */
  private void startDrain() {
    drainCursor = Long.MIN_VALUE;
    if (!draining) {
      draining = true;
      scheduler.execute(this::drainBatch);
    }
  }

  /**
   * Sends one batch of buffered samples as historical DDATA, oldest first, then yields the lock so
   * live samples go out before the next batch. Samples of devices not born now stay for their
   * DBIRTH, which starts a new pass; samples the last DBIRTH carried are not sent again.
   */
  private void drainBatch() {
    lock.lock();
    try {
      if (closed || !lifecycle.is(EdgeNodeState.ONLINE)) {
        draining = false;
        return;
      }
      List<EdgeNodeStore.Entry> entries = store.read(drainCursor, config.historicalBatch());
      if (entries.isEmpty()) {
        draining = false;
        return;
      }
      Map<DeviceHandle, List<EdgeNodeStore.Entry>> batches = new LinkedHashMap<>();
      for (EdgeNodeStore.Entry entry : entries) {
        drainCursor = entry.key() + 1;
        BufferedSample sample = entry.sample();
        DeviceHandle device = devices.get(sample.device());
        TagState tag = device == null ? null : device.tag(sample.tag());
        if (tag == null) {
          log.warn(
              "unknown-buffered",
              "discarded buffered samples of "
                  + sample.device()
                  + "/"
                  + sample.tag()
                  + ": no such device or tag is registered");
          store.remove(entry.key());
          continue;
        }
        if (!device.born) {
          continue;
        }
        store.remove(entry.key());
        if (sample.sequence() != tag.birthSequence) {
          batches.computeIfAbsent(device, d -> new ArrayList<>()).add(entry);
        }
      }
      batches.forEach((device, samples) -> sendData(device, samples, true));
      scheduler.schedule(this::drainBatch, DRAIN_PAUSE_MS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      draining = false;
      LOG.log(Level.WARNING, "draining the store-and-forward buffer failed", e);
    } finally {
      lock.unlock();
    }
  }

  // ---- connection (scheduler thread)

  private void connect() {
    if (closing || !lifecycle.canMoveTo(EdgeNodeState.CONNECTING)) {
      return;
    }
    lifecycle.moveTo(EdgeNodeState.CONNECTING);
    long gen = ++generation;
    hostsOnline.clear();
    long connectionBdSeq;
    lock.lock();
    try {
      bdSeq = store.nextBdSeq();
      connectionBdSeq = bdSeq;
    } finally {
      lock.unlock();
    }
    Mqtt5AsyncClient c =
        endpoint
            .clientBuilder("mw-edge-" + config.group() + "-" + config.node())
            .addDisconnectedListener(
                context -> scheduler.execute(() -> onDisconnected(gen, context.getCause())))
            .buildAsync();
    client = c;
    c.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onPublish);
    var subscribe =
        c.subscribeWith()
            .addSubscription()
            .topicFilter(nodeCommandTopic)
            .qos(MqttQos.AT_LEAST_ONCE)
            .applySubscription()
            .addSubscription()
            .topicFilter(deviceCommandFilter)
            .qos(MqttQos.AT_LEAST_ONCE)
            .applySubscription();
    for (String stateTopic : primaryStateTopics) {
      subscribe =
          subscribe
              .addSubscription()
              .topicFilter(stateTopic)
              .qos(MqttQos.AT_LEAST_ONCE)
              .applySubscription();
    }
    var subscription = subscribe;
    // tck-id-principles-persistence-clean-session-50; the NDEATH will is QoS 1, not retained
    // (tck-id-topics-ndeath-qos... Sparkplug 3.0, 6.4.18).
    c.connectWith()
        .cleanStart(true)
        .sessionExpiryInterval(0)
        .keepAlive(30)
        .willPublish()
        .topic(nodeDeathTopic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(false)
        .payload(EdgePayloads.nodeDeath(connectionBdSeq, System.currentTimeMillis()))
        .applyWillPublish()
        .send()
        .thenCompose(ack -> subscription.send())
        .thenAccept(Subscriptions::requireGranted)
        .whenComplete(
            (result, error) ->
                scheduler.execute(
                    () -> {
                      if (gen != generation || closing) {
                        return;
                      }
                      if (error != null) {
                        log.warn("connect", "Sparkplug edge node could not connect: " + error);
                        c.disconnect();
                        return;
                      }
                      backoff.reset();
                      if (allHostsOnline()) {
                        goOnline();
                      } else {
                        lifecycle.moveTo(EdgeNodeState.WAITING_FOR_HOST);
                      }
                    }));
  }

  private void goOnline() {
    lock.lock();
    try {
      if (closed || !lifecycle.canMoveTo(EdgeNodeState.ONLINE)) {
        return;
      }
      lifecycle.moveTo(EdgeNodeState.ONLINE);
      birthAll();
    } finally {
      lock.unlock();
    }
  }

  private void goOffline() {
    lock.lock();
    try {
      if (lifecycle.canMoveTo(EdgeNodeState.DISCONNECTED)) {
        lifecycle.moveTo(EdgeNodeState.DISCONNECTED);
      }
      for (DeviceHandle device : devices.values()) {
        device.born = false;
      }
      if (unconfirmed != null && !closed) {
        int again = 0;
        for (EdgeNodeStore.Entry entry : unconfirmed.takeAll(System.nanoTime())) {
          // A failed publish may have put it back already.
          if (store.put(entry.key(), entry.sample())) {
            again++;
          }
        }
        buffered.add(again);
        resent.add(again);
      }
    } finally {
      lock.unlock();
    }
  }

  private void onDisconnected(long gen, Throwable cause) {
    if (gen != generation || closing) {
      return;
    }
    if (!lifecycle.is(EdgeNodeState.DISCONNECTED)) {
      log.warn(
          "disconnected", "Sparkplug edge node lost its MQTT connection: " + cause.getMessage());
      goOffline();
    }
    Duration wait = backoff.next();
    scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Sparkplug 3.0, 5.13: a STATE older than the last one seen is ignored; online births the node if
   * it is waiting; offline ends the session (explicit NDEATH, DISCONNECT) and the node waits for
   * the host on a new connection, buffering meanwhile.
   */
  private boolean allHostsOnline() {
    return hostsOnline.size() == config.primaryHosts().size();
  }

  private void onHostStatus(String host, HostStatus status) {
    if (status.timestamp() < lastStateTimestamps.getOrDefault(host, Long.MIN_VALUE)) {
      return;
    }
    lastStateTimestamps.put(host, status.timestamp());
    if (status.online()) {
      hostsOnline.add(host);
    } else {
      hostsOnline.remove(host);
    }
    if (allHostsOnline() && lifecycle.is(EdgeNodeState.WAITING_FOR_HOST)) {
      goOnline();
    } else if (!status.online() && lifecycle.is(EdgeNodeState.ONLINE)) {
      LOG.info("primary host " + host + " is offline; buffering");
      Mqtt5AsyncClient c = client;
      goOffline();
      backoff.reset();
      c.publishWith()
          .topic(nodeDeathTopic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(EdgePayloads.nodeDeath(bdSeq, System.currentTimeMillis()))
          .send()
          .whenComplete((r, e) -> c.disconnect());
    }
  }

  // ---- incoming (MQTT thread)

  private void onPublish(Mqtt5Publish publish) {
    try {
      SparkplugTopic topic = SparkplugTopic.parse(publish.getTopic().toString());
      ByteBuffer bytes = publish.getPayload().orElse(ByteBuffer.allocate(0));
      switch (topic.type()) {
        case STATE -> {
          byte[] json = new byte[bytes.remaining()];
          bytes.duplicate().get(json);
          HostStatus status = HostStatus.parse(json);
          String host = topic.hostId();
          scheduler.execute(() -> onHostStatus(host, status));
        }
        case NCMD -> onNodeCommand(codec.decode(bytes));
        case DCMD -> onDeviceCommand(topic.device(), codec.decode(bytes));
        default -> {
          // not subscribed
        }
      }
    } catch (SparkplugDecodeException e) {
      decodeErrors.increment();
      log.warn("decode", "ignored a message on " + publish.getTopic() + ": " + e.getMessage());
    } catch (InvalidTopicException e) {
      log.warn("topic", "ignored a message: " + e.getMessage());
    } catch (RuntimeException e) {
      log.warn("internal", "failed to handle a message on " + publish.getTopic() + ": " + e);
    }
  }

  /**
   * tck-id-operational-behavior-edge-node-rebirth... : Node Control/Rebirth = true births again.
   */
  private void onNodeCommand(Payload payload) {
    for (Metric metric : payload.getMetricsList()) {
      if (metric.hasName()
          && metric.getName().equals(EdgePayloads.REBIRTH)
          && metric.getValueCase() == Metric.ValueCase.BOOLEAN_VALUE
          && metric.getBooleanValue()) {
        scheduler.execute(
            () -> {
              lock.lock();
              try {
                if (lifecycle.is(EdgeNodeState.ONLINE)) {
                  rebirths.increment();
                  birthAll();
                }
              } finally {
                lock.unlock();
              }
            });
        return;
      }
    }
  }

  private void onDeviceCommand(String deviceId, Payload payload) {
    DeviceHandle device = devices.get(deviceId);
    if (device == null) {
      commandsRejected.add(payload.getMetricsCount());
      log.warn("command-device", "DCMD for unknown device " + deviceId);
      return;
    }
    long now = System.currentTimeMillis();
    for (Metric metric : payload.getMetricsList()) {
      TagState tag =
          metric.hasAlias()
              ? device.tagByAlias(metric.getAlias())
              : metric.hasName() ? device.tag(metric.getName()) : null;
      if (tag == null || !tag.tag.writable()) {
        commandsRejected.increment();
        log.warn(
            "command-tag",
            "DCMD for "
                + deviceId
                + " names "
                + (tag == null ? "an unknown tag" : "the read-only tag " + tag.tag.name()));
        continue;
      }
      Sample sample = MetricValues.toSample(metric, tag.datatype, now);
      if (!sample.quality().isGood()) {
        commandsRejected.increment();
        log.warn(
            "command-value",
            "DCMD for "
                + deviceId
                + "/"
                + tag.tag.name()
                + " has no usable value: "
                + sample.quality());
        continue;
      }
      commands.increment();
      String name = tag.tag.name();
      commandThread.execute(
          () -> {
            try {
              device.onCommand.onWrite(name, sample.value());
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "the command listener of " + deviceId + " failed", e);
            }
          });
    }
  }

  private String topic(MessageType type) {
    return SparkplugTopic.node(config.group(), type, config.node()).toString();
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    return r -> {
      Thread t = new Thread(r, prefix + Integer.toHexString(System.identityHashCode(r)));
      t.setDaemon(true);
      return t;
    };
  }
}
