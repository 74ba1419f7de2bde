package io.millwright.connect.opcua;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.MachineLink;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.mqtt.Backoff;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * One OPC UA machine: a session, one subscription with a monitored item per tag, and writes.
 *
 * <p>Threads: the first connection is made on a virtual thread (retried with {@link Backoff} until
 * it succeeds or the connector is closed); after that, Milo's session state machine reconnects on
 * its shared executors, and this class only follows it. So a connector owns no platform thread.
 */
final class OpcUaConnector implements Connector {

  private static final System.Logger LOG = System.getLogger(OpcUaConnector.class.getName());
  static final Duration ROUND_TRIP_PROBE_INTERVAL = Duration.ofSeconds(5);

  private final MachineDefinition machine;
  private final OpcUaOptions options;
  private final ClientPki pki;
  private final List<MonitoredTag> tags;
  private final Map<String, MonitoredTag> byName;
  private final AtomicReferenceArray<Value> lastValues;
  private final Object writeOrder = new Object();
  // Guarded by writeOrder: the tail of the chain of writes.
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
  private final ConnectorCounters counters = new ConnectorCounters();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean linkUp = new AtomicBoolean();
  private final SessionActivityListener activity = new ActivityListener();
  private volatile MachineLink link;
  private volatile Thread connectThread;
  private volatile LiveSession session;

  OpcUaConnector(
      MachineDefinition machine, OpcUaOptions options, ClientPki pki, List<MonitoredTag> tags) {
    this.machine = machine;
    this.options = options;
    this.pki = pki;
    this.tags = List.copyOf(tags);
    this.byName =
        tags.stream()
            .collect(Collectors.toUnmodifiableMap(t -> t.tag().name(), Function.identity()));
    this.lastValues = new AtomicReferenceArray<>(tags.size());
    for (MonitoredTag t : tags) {
      lastValues.set(t.index(), OpcUaValues.placeholder(t.tag().type()));
    }
  }

  /** The subscription's publishing interval: as configured, else the fastest sampling interval. */
  Duration publishingInterval() {
    return options
        .publishingInterval()
        .orElseGet(
            () ->
                tags.stream()
                    .map(t -> machine.samplingInterval(t.tag()))
                    .min(Duration::compareTo)
                    .orElse(machine.pollInterval()));
  }

  @Override
  public void start(MachineLink link) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("connector for " + machine.id() + " already started");
    }
    this.link = link;
    counters.status(LinkStatus.CONNECTING);
    connectThread =
        Thread.ofVirtual().name("opcua-connect-" + machine.id()).start(this::connectLoop);
  }

  private void connectLoop() {
    Backoff backoff = new Backoff();
    boolean first = true;
    while (!closed.get()) {
      if (!first) {
        counters.reconnect();
      }
      first = false;
      try {
        connectOnce();
        return;
      } catch (InterruptedException e) {
        return;
      } catch (UaException | RuntimeException e) {
        if (closed.get()) {
          return;
        }
        String reason =
            "cannot connect to " + machine.endpoint() + ": " + ClientConnector.describe(e);
        LOG.log(System.Logger.Level.WARNING, "machine {0}: {1}", machine.id(), reason);
        counters.error(reason);
        counters.status(LinkStatus.DISCONNECTED);
        notifyLink(l -> l.disconnected(reason));
      }
      try {
        Thread.sleep(backoff.next());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void connectOnce() throws UaException, InterruptedException {
    OpcUaClient client = ClientConnector.connect(machine.endpoint(), options, pki);
    LiveSession live = new LiveSession(client);
    try {
      NamespaceTable namespaces = client.readNamespaceTable();
      List<TagSample> unusable = new ArrayList<>();
      for (MonitoredTag t : tags) {
        try {
          live.nodeIds.put(t.index(), t.address().resolve(namespaces));
        } catch (IllegalStateException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "machine {0} tag {1}: {2}",
              machine.id(),
              t.tag().name(),
              e.getMessage());
          unusable.add(bad(t, "Bad_NodeIdUnknown"));
        }
      }
      readWritableDataTypes(live);
      live.subscription = newSubscription(live);
      session = live;
      client.addSessionActivityListener(activity);
      if (closed.get()) {
        live.close();
        return;
      }
      counters.error("");
      markUp();
      live.subscription.create();
      unusable.addAll(createItems(live.subscription));
      deliver(unusable);
      live.probe =
          Stack.sharedScheduledExecutor()
              .scheduleWithFixedDelay(
                  () -> probeRoundTrip(client),
                  0,
                  ROUND_TRIP_PROBE_INTERVAL.toMillis(),
                  TimeUnit.MILLISECONDS);
      if (closed.get()) {
        live.close();
      }
    } catch (UaException | RuntimeException e) {
      session = null;
      live.close();
      throw e;
    }
  }

  /** The DataType of writable nodes, read once: what a write must send. */
  private void readWritableDataTypes(LiveSession live) throws UaException {
    List<Integer> indexes = new ArrayList<>();
    List<ReadValueId> reads = new ArrayList<>();
    for (MonitoredTag t : tags) {
      NodeId node = live.nodeIds.get(t.index());
      if (t.tag().writable() && node != null) {
        indexes.add(t.index());
        reads.add(new ReadValueId(node, AttributeId.DataType.uid(), null, null));
      }
    }
    if (reads.isEmpty()) {
      return;
    }
    DataValue[] results = client(live).read(0, TimestampsToReturn.Neither, reads).getResults();
    for (int i = 0; i < results.length; i++) {
      if (results[i].getStatusCode().isGood()
          && results[i].getValue().getValue() instanceof NodeId type) {
        live.dataTypes.put(indexes.get(i), type);
      }
    }
  }

  private static OpcUaClient client(LiveSession live) {
    return live.client;
  }

  private OpcUaSubscription newSubscription(LiveSession live) {
    OpcUaSubscription subscription =
        new OpcUaSubscription(live.client, (double) publishingInterval().toMillis());
    subscription.setSubscriptionListener(new DataListener(live));
    List<OpcUaMonitoredItem> items = new ArrayList<>();
    for (MonitoredTag t : tags) {
      NodeId node = live.nodeIds.get(t.index());
      if (node == null) {
        continue;
      }
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node);
      item.setSamplingInterval(machine.samplingInterval(t.tag()).toMillis());
      item.setQueueSize(ClientConnector.uint(options.queueSize()));
      item.setDiscardOldest(true);
      if (t.tag().deadband() > 0) {
        // The server compares raw values, and the deadband is in engineering units.
        double raw = t.tag().deadband() / Math.abs(t.tag().scale().factor());
        item.setFilter(
            new DataChangeFilter(
                DataChangeTrigger.StatusValue,
                ClientConnector.uint(DeadbandType.Absolute.getValue()),
                raw));
      }
      item.setUserObject(t);
      items.add(item);
    }
    subscription.addMonitoredItems(items);
    return subscription;
  }

  /** Creates the monitored items; the ones the server refused become Bad samples. */
  private List<TagSample> createItems(OpcUaSubscription subscription) {
    List<TagSample> refused = new ArrayList<>();
    for (MonitoredItemServiceOperationResult result : subscription.createMonitoredItems()) {
      if (!result.isGood()) {
        StatusCode status = result.operationResult().orElse(result.serviceResult());
        MonitoredTag t = (MonitoredTag) result.monitoredItem().getUserObject().orElseThrow();
        LOG.log(
            System.Logger.Level.WARNING,
            "machine {0} tag {1} ({2}): the server refused the monitored item: {3}",
            machine.id(),
            t.tag().name(),
            t.address(),
            OpcUaValues.statusName(status));
        refused.add(bad(t, OpcUaValues.statusName(status)));
      }
    }
    return refused;
  }

  private TagSample bad(MonitoredTag t, String reason) {
    counters.readError();
    return new TagSample(
        t.tag().name(),
        new Sample(System.currentTimeMillis(), lastValues.get(t.index()), Quality.bad(reason)));
  }

  private void deliver(List<TagSample> batch) {
    if (batch.isEmpty() || closed.get()) {
      return;
    }
    counters.samples(batch.size());
    notifyLink(l -> l.samples(batch));
  }

  private void notifyLink(java.util.function.Consumer<MachineLink> call) {
    MachineLink target = link;
    if (target == null) {
      return;
    }
    try {
      call.accept(target);
    } catch (RuntimeException e) {
      // A failing host must not stop Milo's delivery queue or the connect loop.
      LOG.log(System.Logger.Level.ERROR, "machine " + machine.id() + ": the link failed", e);
    }
  }

  private void markUp() {
    if (!closed.get() && linkUp.compareAndSet(false, true)) {
      counters.status(LinkStatus.CONNECTED);
      LOG.log(
          System.Logger.Level.INFO,
          "machine {0}: connected to {1}",
          machine.id(),
          machine.endpoint());
      notifyLink(MachineLink::connected);
    }
  }

  private void markDown(String reason) {
    if (!closed.get() && linkUp.compareAndSet(true, false)) {
      counters.status(LinkStatus.DISCONNECTED);
      counters.error(reason);
      LOG.log(System.Logger.Level.WARNING, "machine {0}: {1}", machine.id(), reason);
      notifyLink(l -> l.disconnected(reason));
    }
  }

  private void probeRoundTrip(OpcUaClient client) {
    if (!linkUp.get()) {
      return;
    }
    long begin = System.nanoTime();
    client
        .readValuesAsync(
            0, TimestampsToReturn.Neither, List.of(NodeIds.Server_ServerStatus_CurrentTime))
        .thenAccept(values -> counters.roundTrip(System.nanoTime() - begin));
  }

  /** After a server restart the old subscription is gone: build it again on the new session. */
  private void recreate(LiveSession live, OpcUaSubscription subscription) {
    if (closed.get() || session != live) {
      return;
    }
    try {
      subscription.create();
      deliver(createItems(subscription));
      LOG.log(System.Logger.Level.INFO, "machine {0}: subscription recreated", machine.id());
    } catch (UaException | RuntimeException e) {
      // The session is down again; its next activation transfers or fails again and comes back.
      LOG.log(
          System.Logger.Level.WARNING,
          "machine {0}: cannot recreate the subscription: {1}",
          machine.id(),
          ClientConnector.describe(e));
    }
  }

  @Override
  public CompletableFuture<Void> write(String tagName, Value value) {
    MonitoredTag t = byName.get(tagName);
    if (t == null) {
      return writeFailed("machine " + machine.id() + " has no tag \"" + tagName + "\"");
    }
    Tag tag = t.tag();
    if (!tag.writable()) {
      return writeFailed(
          "tag " + tagName + " is not writable: its definition says writable: false");
    }
    LiveSession live = session;
    NodeId node = live == null ? null : live.nodeIds.get(t.index());
    if (live == null || !linkUp.get()) {
      return writeFailed("tag " + tagName + ": not connected to " + machine.endpoint());
    }
    if (node == null) {
      return writeFailed("tag " + tagName + ": the server does not know " + t.address());
    }
    Variant variant;
    try {
      variant =
          OpcUaValues.toVariant(tag, value, Optional.ofNullable(live.dataTypes.get(t.index())));
    } catch (IllegalArgumentException e) {
      return writeFailed("tag " + tagName + ": " + e.getMessage());
    }
    // One write at a time, in the order asked: a machine must end up with the last value sent
    // (a job's fields, then another job's), which concurrent requests do not promise.
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (writeOrder) {
      CompletableFuture<Void> before = lastWrite;
      lastWrite =
          before
              .handle((v, e) -> null)
              .thenCompose(v -> send(live, t, tagName, node, variant))
              .whenComplete(
                  (v, e) -> {
                    if (e == null) {
                      done.complete(null);
                    } else {
                      done.completeExceptionally(
                          e instanceof CompletionException && e.getCause() != null
                              ? e.getCause()
                              : e);
                    }
                  });
    }
    return done;
  }

  private CompletableFuture<Void> send(
      LiveSession live, MonitoredTag t, String tagName, NodeId node, Variant variant) {
    return live.client
        .writeValuesAsync(List.of(node), List.of(DataValue.valueOnly(variant)))
        .handle(
            (statuses, error) -> {
              if (error != null) {
                counters.writeError();
                throw new WriteException(
                    "tag "
                        + tagName
                        + ": the write did not reach the machine: "
                        + ClientConnector.describe(error),
                    error);
              }
              StatusCode status = statuses.get(0);
              if (!status.isGood()) {
                counters.writeError();
                throw new WriteException(
                    "tag "
                        + tagName
                        + ": the server refused the write: "
                        + OpcUaValues.statusName(status));
              }
              return null;
            })
        // The next write waits for this read-back too: Milo completes responses on a pool several
        // threads wide, so read-backs not chained could deliver an older value after a newer one.
        .thenCompose(v -> readBack(live, t, node));
  }

  /**
   * Reads a written node back at once and delivers what the machine now holds, rather than waiting
   * for its sampling interval: whoever wrote (a job's dispatch) learns within a round trip whether
   * the machine took the value. The subscription reports the same value too; the namespace's
   * deadband makes that a no-op. A read-back that fails leaves the value to the subscription; the
   * write itself succeeded.
   */
  private CompletableFuture<Void> readBack(LiveSession live, MonitoredTag t, NodeId node) {
    return live.client
        .readValuesAsync(0, TimestampsToReturn.Both, List.of(node))
        .thenAccept(
            values -> {
              long now = System.currentTimeMillis();
              Sample sample =
                  OpcUaValues.toSample(t.tag(), values.get(0), lastValues.get(t.index()), now);
              if (sample.quality().severity() != Quality.Severity.BAD) {
                lastValues.set(t.index(), sample.value());
              }
              deliver(List.of(new TagSample(t.tag().name(), sample)));
            })
        .exceptionally(e -> null);
  }

  private CompletableFuture<Void> writeFailed(String reason) {
    counters.writeError();
    return CompletableFuture.failedFuture(new WriteException(reason));
  }

  @Override
  public ConnectorStats stats() {
    return counters.snapshot();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    counters.status(LinkStatus.STOPPED);
    Thread connecting = connectThread;
    if (connecting != null) {
      connecting.interrupt();
    }
    LiveSession live = session;
    session = null;
    if (live != null) {
      live.close();
    }
  }

  /** What one established connection holds; closed once. */
  private final class LiveSession {
    final OpcUaClient client;
    final Map<Integer, NodeId> nodeIds = new HashMap<>();
    final Map<Integer, NodeId> dataTypes = new HashMap<>();
    volatile OpcUaSubscription subscription;
    volatile ScheduledFuture<?> probe;
    private final AtomicBoolean closedOnce = new AtomicBoolean();

    LiveSession(OpcUaClient client) {
      this.client = client;
    }

    void close() {
      if (!closedOnce.compareAndSet(false, true)) {
        return;
      }
      ScheduledFuture<?> p = probe;
      if (p != null) {
        p.cancel(false);
      }
      client.removeSessionActivityListener(activity);
      // Closing the session deletes its subscriptions on the server too.
      ClientConnector.disconnectQuietly(client);
    }
  }

  /** Follows Milo's session: it reconnects by itself, we tell the host. */
  private final class ActivityListener implements SessionActivityListener {
    @Override
    public void onSessionActive(UaSession uaSession) {
      if (!linkUp.get() && session != null && !closed.get()) {
        counters.reconnect();
        counters.error("");
        markUp();
      }
    }

    @Override
    public void onSessionInactive(UaSession uaSession) {
      markDown("session with " + machine.endpoint() + " lost (Bad_ConnectionClosed); reconnecting");
    }
  }

  /** Turns each publish response into one batch of samples. */
  private final class DataListener implements OpcUaSubscription.SubscriptionListener {
    private final LiveSession live;

    DataListener(LiveSession live) {
      this.live = live;
    }

    @Override
    public void onDataReceived(
        OpcUaSubscription subscription, List<OpcUaMonitoredItem> items, List<DataValue> values) {
      long now = System.currentTimeMillis();
      List<TagSample> batch = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        Object user = items.get(i).getUserObject().orElse(null);
        if (!(user instanceof MonitoredTag t)) {
          continue;
        }
        Sample sample =
            OpcUaValues.toSample(t.tag(), values.get(i), lastValues.get(t.index()), now);
        if (sample.quality().severity() == Quality.Severity.BAD) {
          counters.readError();
        } else {
          lastValues.set(t.index(), sample.value());
          if (sample.quality().isGood()) {
            counters.goodRead(now);
          }
        }
        batch.add(new TagSample(t.tag().name(), sample));
      }
      deliver(batch);
    }

    @Override
    public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
      LOG.log(
          System.Logger.Level.INFO,
          "machine {0}: the server no longer has the subscription ({1}); recreating it",
          machine.id(),
          OpcUaValues.statusName(status));
      // Off Milo's delivery queue: creating a subscription waits for the server.
      Thread.ofVirtual()
          .name("opcua-resubscribe-" + machine.id())
          .start(() -> recreate(live, subscription));
    }
  }
}
