package io.millwright.connect.sql;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.MachineLink;
import io.millwright.connect.WriteException;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.core.time.Durations;
import io.millwright.uns.mqtt.Backoff;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a machine's results table incrementally and writes through its command table, over one JDBC
 * connection. Everything that touches the connection runs on one scheduler thread per connector, so
 * statements never interleave and a slow database only delays its own machine.
 *
 * <p>Each poll asks for the rows after the watermark, oldest first, a batch at a time; every row
 * becomes one sample per tag, stamped with the row's own time. The batch is handed to the link
 * before the watermark is saved, so a restart continues after the last row delivered. While rows
 * keep coming the next batch follows at once; an empty answer waits the poll interval.
 *
 * <p>Link states as for every connector: a refused connection, a failed query or a results table
 * that does not match the definition (then with Bad samples naming {@code Bad_ConfigurationError})
 * drop the connection and retry with capped exponential back-off. A cell that does not fit its tag
 * is not a link problem: that sample is Bad, the rest of the row and the rows after it go on.
 */
public final class SqlConnector implements Connector {

  private static final System.Logger LOG = System.getLogger(SqlConnector.class.getName());

  /** How often a write waiting for its acknowledgement looks at its command row. */
  static final Duration ANSWER_CHECK = Duration.ofMillis(100);

  private final String machineId;
  private final String url;
  private final SqlOptions options;
  private final List<SqlTag> tags;
  private final Map<String, SqlTag> byName;
  private final Duration pollInterval;
  private final WatermarkCheckpoint checkpoint;
  private final Duration closeWait;
  private final ConnectorCounters counters = new ConnectorCounters();
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<CompletableFuture<Void>> pendingWrites = ConcurrentHashMap.newKeySet();
  private volatile boolean online;
  // Written by the scheduler thread; read by close() to abort a statement that hangs.
  private volatile Connection connection;

  // Touched by the scheduler thread only.
  private final Backoff backoff = new Backoff();
  private final RowSamples rowSamples;
  private final Map<Long, AwaitedAnswer> awaited = new HashMap<>();
  private MachineLink link;
  private ResultsTable results;
  private Optional<CommandTable> commands = Optional.empty();
  private Optional<Watermark> watermark = Optional.empty();
  private boolean positioned;
  private ScheduledFuture<?> nextPoll;
  private boolean downReported;
  private long attempts;

  /** A write whose command row is in the table, waiting for the machine's answer. */
  private record AwaitedAnswer(SqlTag tag, CompletableFuture<Void> done, long deadlineNanos) {}

  SqlConnector(
      String machineId,
      String url,
      SqlOptions options,
      List<SqlTag> tags,
      Duration pollInterval,
      WatermarkCheckpoint checkpoint) {
    this.machineId = machineId;
    this.url = url;
    this.options = options;
    this.tags = List.copyOf(tags);
    Map<String, SqlTag> names = new HashMap<>();
    tags.forEach(t -> names.put(t.name(), t));
    this.byName = Map.copyOf(names);
    this.pollInterval = pollInterval;
    this.checkpoint = checkpoint;
    this.rowSamples = new RowSamples(machineId, tags, options.watermark(), counters);
    // A statement cannot always be interrupted; close() waits for it at most this long.
    this.closeWait = options.timeout().plusSeconds(1);
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "sql-" + machineId);
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public void start(MachineLink link) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("connector of " + machineId + " was already started");
    }
    if (closed.get()) {
      throw new IllegalStateException("connector of " + machineId + " is closed");
    }
    scheduler.execute(
        () -> {
          this.link = link;
          connect();
        });
  }

  @Override
  public ConnectorStats stats() {
    return counters.snapshot();
  }

  private void connect() {
    if (closed.get()) {
      return;
    }
    if (attempts++ > 0) {
      counters.reconnect();
    }
    counters.status(LinkStatus.CONNECTING);
    try {
      connection = open();
      results = ResultsTable.open(connection, options, tags);
      commands =
          CommandTable.openIfConfigured(
              connection, options.commandTable(), options.timeoutSeconds());
      position();
    } catch (SchemaProblem e) {
      misconfigured(e.getMessage());
      return;
    } catch (SQLException e) {
      lost(SqlErrors.oneLine(e));
      return;
    } catch (RuntimeException e) {
      // A driver's own bug must not end the retries: the task would die silently.
      LOG.log(System.Logger.Level.ERROR, machineId + ": connecting failed unexpectedly", e);
      lost("unexpected error: " + SqlErrors.oneLine(e));
      return;
    }
    if (closed.get()) {
      dropConnection();
      return;
    }
    backoff.reset();
    rowSamples.reconnected();
    online = true;
    counters.status(LinkStatus.CONNECTED);
    downReported = false;
    LOG.log(
        System.Logger.Level.INFO,
        "{0}: connected to table {1}, reading after {2}",
        machineId,
        options.table(),
        watermark.map(Watermark::toString).orElse("the first row"));
    notifyLink(() -> link.connected());
    schedulePoll(Duration.ZERO);
  }

  private Connection open() throws SQLException {
    Properties credentials = new Properties();
    options.user().ifPresent(u -> credentials.setProperty("user", u));
    options.password().ifPresent(p -> credentials.setProperty("password", p));
    Connection c = DriverManager.getConnection(url, credentials);
    try {
      c.setAutoCommit(true);
      // Bounds every round trip, not only queries: a dead peer then fails the statement in time.
      c.setNetworkTimeout(Runnable::run, (int) closeWait.toMillis());
    } catch (SQLFeatureNotSupportedException e) {
      // Some drivers (H2) have no network timeout; the query timeout still applies.
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Where reading continues: in memory after the first connection, else the checkpoint, else the
   * beginning or the newest row as the definition says.
   */
  private void position() throws SQLException, SchemaProblem {
    if (!positioned) {
      try {
        watermark = checkpoint.load();
        if (watermark.isEmpty() && options.start() == SqlOptions.Start.LATEST) {
          watermark = results.latest();
          if (watermark.isPresent()) {
            checkpoint.save(watermark.get());
          }
        }
      } catch (IOException e) {
        throw new SchemaProblem("the watermark checkpoint: " + e.getMessage());
      }
      positioned = true;
    }
    if (watermark.isPresent() && watermark.get().type() != results.watermarkType()) {
      throw new SchemaProblem(
          "the checkpoint "
              + checkpoint.file()
              + " holds a "
              + watermark.get().type().fileName()
              + " watermark, but column "
              + options.watermark()
              + " is a "
              + results.watermarkType().fileName()
              + "; delete the file to read the table from the start");
    }
  }

  /**
   * The database does not match the definition: every tag turns Bad with the reason, once per
   * outage, and the connector retries, so a fixed table is picked up without a restart.
   */
  private void misconfigured(String reason) {
    if (!downReported && !closed.get()) {
      counters.readError();
      deliver(rowSamples.allBad(Quality.bad("Bad_ConfigurationError"), System.currentTimeMillis()));
    }
    lost(reason);
  }

  /** The link is down: report it once per outage and try again after the back-off. */
  private void lost(String reason) {
    online = false;
    if (nextPoll != null) {
      nextPoll.cancel(false);
      nextPoll = null;
    }
    dropConnection();
    failAwaited(
        "the link to the database was lost while waiting for the machine's answer;"
            + " the command may still be carried out");
    if (closed.get()) {
      return;
    }
    counters.status(LinkStatus.DISCONNECTED);
    counters.error(reason);
    if (!downReported) {
      downReported = true;
      LOG.log(System.Logger.Level.WARNING, "{0}: link down: {1}", machineId, reason);
      notifyLink(() -> link.disconnected(reason));
    }
    Duration wait = backoff.next();
    try {
      scheduler.schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // close() shut the scheduler down in between: nothing left to retry for.
    }
  }

  private void dropConnection() {
    if (results != null) {
      results.close();
      results = null;
    }
    commands.ifPresent(CommandTable::close);
    commands = Optional.empty();
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, machineId + ": closing the connection", e);
      }
    }
  }

  private void schedulePoll(Duration delay) {
    try {
      nextPoll = scheduler.schedule(this::pollSafely, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: no more polls.
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, machineId + ": poll failed unexpectedly", e);
      lost("unexpected error: " + SqlErrors.oneLine(e));
    }
  }

  private void poll() {
    if (!online) {
      return;
    }
    long begun = System.nanoTime();
    List<ResultRow> rows;
    try {
      rows = results.next(watermark);
    } catch (SQLException e) {
      if (TableColumns.isMissingObject(e)) {
        // The table or a column went away while connected: the same as finding it missing.
        misconfigured(SqlErrors.oneLine(e));
      } else {
        lost(SqlErrors.oneLine(e));
      }
      return;
    }
    counters.roundTrip(System.nanoTime() - begun);
    if (rows.isEmpty()) {
      schedulePoll(pollInterval);
      return;
    }
    deliver(rowSamples.of(rows, results.tags()));
    Watermark last = rows.getLast().watermark();
    watermark = Optional.of(last);
    try {
      checkpoint.save(last);
    } catch (IOException e) {
      // Reading on without a saved watermark would deliver rows twice after a restart.
      lost("cannot save the watermark to " + checkpoint.file() + ": " + e.getMessage());
      return;
    }
    // Rows keep coming: the next batch at once, rather than a poll interval behind.
    schedulePoll(Duration.ZERO);
  }

  private void deliver(List<TagSample> samples) {
    counters.samples(samples.size());
    notifyLink(() -> link.samples(samples));
  }

  @Override
  public CompletableFuture<Void> write(String tag, Value value) {
    String text;
    SqlTag target = byName.get(tag);
    try {
      if (target == null) {
        throw new WriteException("cannot write " + tag + ": " + machineId + " has no such tag");
      }
      if (!target.tag().writable()) {
        throw CommandValue.refuse(target, "the tag is not defined writable");
      }
      text = CommandValue.encode(target, value);
    } catch (WriteException e) {
      return refused(e);
    }
    if (closed.get()) {
      return refused(
          new WriteException("cannot write: the connector of " + machineId + " is closed"));
    }
    if (!online) {
      return refused(new WriteException("cannot write: not connected to " + machineId));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    pendingWrites.add(done);
    done.whenComplete((v, e) -> pendingWrites.remove(done));
    try {
      scheduler.execute(() -> insertCommand(target, text, done));
    } catch (RejectedExecutionException e) {
      fail(done, new WriteException("cannot write: the connector of " + machineId + " is closed"));
    }
    return done;
  }

  private void insertCommand(SqlTag tag, String text, CompletableFuture<Void> done) {
    if (!online || commands.isEmpty()) {
      fail(done, new WriteException("cannot write: not connected to " + machineId));
      return;
    }
    long id;
    try {
      id = commands.get().insert(tag.column().name(), text);
    } catch (SQLException e) {
      fail(done, new WriteException("the command could not be inserted: " + SqlErrors.oneLine(e)));
      lost(SqlErrors.oneLine(e));
      return;
    }
    awaited.put(
        id, new AwaitedAnswer(tag, done, System.nanoTime() + options.writeTimeout().toNanos()));
    scheduleAnswerCheck(id, ANSWER_CHECK);
  }

  private void scheduleAnswerCheck(long id, Duration delay) {
    try {
      scheduler.schedule(() -> checkAnswer(id), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: close() fails the pending writes.
    }
  }

  private void checkAnswer(long id) {
    AwaitedAnswer a = awaited.get(id);
    if (a == null || a.done().isDone() || !online || commands.isEmpty()) {
      awaited.remove(id);
      return;
    }
    try {
      switch (commands.get().answer(id)) {
        case CommandTable.Answer.Acknowledged ack -> {
          awaited.remove(id);
          a.done().complete(null);
        }
        case CommandTable.Answer.Refused refused -> {
          awaited.remove(id);
          fail(a.done(), new WriteException("the machine refused the write: " + refused.error()));
        }
        case CommandTable.Answer.Pending pending -> {
          if (System.nanoTime() - a.deadlineNanos() < 0) {
            scheduleAnswerCheck(id, ANSWER_CHECK);
          } else {
            String waited = Durations.format(options.writeTimeout());
            if (commands.get().withdraw(id, "withdrawn: no acknowledgement within " + waited)) {
              awaited.remove(id);
              fail(
                  a.done(),
                  new WriteException(
                      "the machine did not acknowledge the write of "
                          + a.tag().name()
                          + " within "
                          + waited
                          + "; the command was withdrawn"));
            } else {
              // The machine answered between the check and the withdrawal: read its answer.
              scheduleAnswerCheck(id, Duration.ZERO);
            }
          }
        }
      }
    } catch (SQLException e) {
      lost(SqlErrors.oneLine(e));
    }
  }

  private void failAwaited(String reason) {
    for (AwaitedAnswer a : awaited.values()) {
      fail(a.done(), new WriteException(reason));
    }
    awaited.clear();
  }

  private CompletableFuture<Void> refused(WriteException e) {
    counters.writeError();
    return CompletableFuture.failedFuture(e);
  }

  private void fail(CompletableFuture<Void> done, WriteException e) {
    // Counted before the caller hears of it: whoever waits on the write then reads the counters.
    if (!done.isDone()) {
      counters.writeError();
      done.completeExceptionally(e);
    }
  }

  /** The link belongs to the host; its failure must not stop this connector. */
  private void notifyLink(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, machineId + ": the machine link failed", e);
    }
  }

  /**
   * Stops after the poll under way: a batch being delivered is delivered and its watermark saved,
   * so that a restart neither repeats nor skips it.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    online = false;
    counters.status(LinkStatus.STOPPED);
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
        // A statement that hangs: abort the connection under it, then stop waiting.
        Connection c = connection;
        if (c != null) {
          try {
            c.abort(Runnable::run);
          } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, machineId + ": aborting the connection", e);
          }
        }
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.log(System.Logger.Level.WARNING, "{0}: scheduler did not stop in time", machineId);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (scheduler.isTerminated()) {
      dropConnection();
    }
    counters.status(LinkStatus.STOPPED);
    for (CompletableFuture<Void> f : List.copyOf(pendingWrites)) {
      fail(f, new WriteException("cannot write: the connector of " + machineId + " closed first"));
    }
  }
}
