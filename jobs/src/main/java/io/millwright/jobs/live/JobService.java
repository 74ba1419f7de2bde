package io.millwright.jobs.live;

import io.millwright.core.sample.Value;
import io.millwright.jobs.book.Changes;
import io.millwright.jobs.book.ImportOutcome;
import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.JobBook;
import io.millwright.jobs.book.JobStatus;
import io.millwright.jobs.book.MachineWrite;
import io.millwright.jobs.book.Transition;
import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.json.OrderJson;
import io.millwright.jobs.journal.JobJournal;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.HostApplicationSession;
import io.millwright.uns.sparkplug.host.HostConfig;
import io.millwright.uns.sparkplug.host.HostState;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The {@code jobs} role at work: follows the site's machines as a Sparkplug host, runs the job book
 * on one thread, journals what it decides, and only then writes jobs to machines (DCMD to the
 * owning connector), publishes the transitions and wakes the ERP sync.
 */
public final class JobService implements SparkplugListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(JobService.class.getName());

  /** How often read-back deadlines, progress reports and free machines are looked at. */
  static final Duration TICK = Duration.ofMillis(100);

  /** Work waiting for the book before delivery pushes back on MQTT and callers. */
  static final int QUEUE = 20_000;

  /** Finished jobs deleted at most per expiry pass. */
  static final int EXPIRE_SLICE = 2_000;

  private static final long JOURNAL_RETRY_MAX = 10_000;

  private final JobBook book;
  private final String orderTag;
  private final JobJournal journal;
  private final Clock clock;
  private final Duration retention;
  private final HostApplicationSession host;
  private final JobPublisher publisher;
  private final Runnable toldErp;
  private final Set<String> followed;
  private final Map<String, DeviceKey> devices = new ConcurrentHashMap<>();
  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);
  private final List<Changes> held = new ArrayList<>();
  private final Thread worker;
  private final LongAdder imported = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder updated = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder writeFailures = new LongAdder();
  private final LongAdder transitions = new LongAdder();
  private final LongAdder journalFailures = new LongAdder();
  private final LongAdder workFailures = new LongAdder();
  private final Map<JobStatus, Integer> byStatus = new ConcurrentHashMap<>();
  private volatile boolean closing;
  private volatile Error failure;
  // Worker thread only.
  private long journalPause;
  private long journalRetryAt;

  /**
   * @param hostId this role's Sparkplug host id
   * @param toldErp called after the journal took messages for the ERP (the sync's wake-up); must
   *     not block
   * @param retention how long finished jobs are kept
   */
  public JobService(
      JobBook book,
      JobJournal journal,
      MqttEndpoint endpoint,
      String hostId,
      String enterprise,
      String site,
      Runnable toldErp,
      Duration retention,
      Clock clock) {
    this.book = book;
    this.orderTag = book.rules().tags().order();
    this.journal = journal;
    this.clock = clock;
    this.toldErp = toldErp;
    this.retention = retention;
    this.followed = book.rules().machines().keySet();
    this.host = new HostApplicationSession(endpoint, HostConfig.of(hostId).withGroup(site), this);
    this.publisher = new JobPublisher(endpoint, hostId + "-events", enterprise, site);
    this.worker = Thread.ofPlatform().name("job-book").daemon().unstarted(this::work);
    countStatuses();
  }

  /**
   * @throws Exception when the publisher cannot connect to the broker
   */
  public void start() throws Exception {
    publisher.start();
    worker.start();
    host.start();
  }

  /** Whether the role follows the namespace. */
  public boolean online() {
    return host.state() == HostState.ONLINE;
  }

  /** Why the book's thread stopped, if it did: the role is then dead, not just unready. */
  public Optional<Error> failure() {
    return Optional.ofNullable(failure);
  }

  // ---- the namespace -------------------------------------------------------------------------

  @Override
  public void onOnline(DeviceKey device) {
    if (!device.isNode() && followed.contains(device.device())) {
      // Several edge nodes may present a machine (the connectors with its tags, the OEE role with
      // its states): the one whose birth declares the job's order tag is the one written to.
      DeviceKey held = devices.get(device.device());
      if (held != null && !held.equals(device) && !host.declares(device, orderTag)) {
        return;
      }
      devices.put(device.device(), device);
      long now = clock.millis();
      enqueue(() -> book.machineOnline(device.device(), now));
    }
  }

  @Override
  public void onOffline(DeviceKey device) {
    if (!device.isNode()
        && followed.contains(device.device())
        && device.equals(devices.get(device.device()))
        && host.state() == HostState.ONLINE) {
      long now = clock.millis();
      enqueue(() -> book.machineOffline(device.device(), now));
    }
  }

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> batch) {
    if (device.isNode() || !followed.contains(device.device())) {
      return;
    }
    Map<String, Value> values = new HashMap<>();
    for (MetricSample m : batch) {
      // Replayed history says nothing about what the machine shows now.
      if (!m.historical() && m.sample().quality().isGood()) {
        values.put(m.metric(), m.sample().value());
      }
    }
    if (!values.isEmpty()) {
      long now = clock.millis();
      enqueue(() -> book.machineValues(device.device(), values, now));
    }
  }

  // ---- commands and queries ------------------------------------------------------------------

  /**
   * The role cannot take the action now: the journal cannot be written (the action is held and
   * journaled once it can) or the book is overloaded (the action was not taken).
   */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  /**
   * Runs an action on the book's thread; the future completes once what it decided is journaled, or
   * fails with the book's refusal ({@link java.util.NoSuchElementException}, {@link
   * IllegalArgumentException}, {@link IllegalStateException}) or with {@link Unavailable}.
   */
  public <T> CompletableFuture<T> command(Function<JobBook, T> action) {
    CompletableFuture<T> done = new CompletableFuture<>();
    boolean queued =
        queue.offer(
            () -> {
              T result;
              try {
                result = action.apply(book);
              } catch (RuntimeException e) {
                flush(clock.millis());
                done.completeExceptionally(e);
                return;
              }
              flush(clock.millis());
              if (held.isEmpty()) {
                done.complete(result);
              } else {
                done.completeExceptionally(
                    new Unavailable(
                        "the job journal cannot be written; the action is held and will be"
                            + " journaled once it can"));
              }
            });
    if (!queued) {
      done.completeExceptionally(new Unavailable("the job book is overloaded; try again"));
    }
    return done;
  }

  /** Reads the book on its thread (nothing is decided, nothing journaled). */
  public <T> CompletableFuture<T> query(Function<JobBook, T> read) {
    CompletableFuture<T> done = new CompletableFuture<>();
    boolean queued =
        queue.offer(
            () -> {
              try {
                done.complete(read.apply(book));
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
              }
            });
    if (!queued) {
      done.completeExceptionally(new Unavailable("the job book is overloaded; try again"));
    }
    return done;
  }

  /**
   * Imports what the ERP sent, in order; completes once every outcome (jobs, dead letters, messages
   * for the ERP) is journaled.
   */
  public CompletableFuture<List<ImportOutcome>> importOrders(
      List<Incoming> entries, String source) {
    return command(
        b -> {
          long now = clock.millis();
          List<ImportOutcome> out = new ArrayList<>();
          for (Incoming in : entries) {
            switch (in) {
              case Incoming.Order o -> {
                ImportOutcome r = b.importOrder(o.order(), source, now);
                switch (r) {
                  case ImportOutcome.Created c -> imported.increment();
                  case ImportOutcome.Duplicate d -> duplicates.increment();
                  case ImportOutcome.Updated u -> updated.increment();
                  case ImportOutcome.Rejected x -> rejected.increment();
                }
                out.add(r);
              }
              case Incoming.Unreadable u -> {
                b.unreadable(u, source, now);
                rejected.increment();
                out.add(new ImportOutcome.Rejected(u.reason()));
              }
            }
          }
          return out;
        });
  }

  /** A confirmation the ERP refused for good: a dead letter, journaled. */
  public CompletableFuture<Void> undeliverable(Confirmation c, String reason) {
    return command(
        b -> {
          b.undeliverable(
              c.orderNumber() + (c.operation().isEmpty() ? "" : "/" + c.operation()),
              OrderJson.writeConfirmation(c),
              reason,
              clock.millis());
          return null;
        });
  }

  public JobJournal journal() {
    return journal;
  }

  // ---- the book's thread ---------------------------------------------------------------------

  private void enqueue(Runnable work) {
    try {
      queue.put(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    long nextTick = clock.millis();
    long nextExpiry = nextTick;
    List<Runnable> batch = new ArrayList<>(256);
    while (!closing || !queue.isEmpty()) {
      try {
        long wait = Math.max(0, nextTick - clock.millis());
        Runnable r = queue.poll(wait, TimeUnit.MILLISECONDS);
        if (r != null) {
          batch.add(r);
          queue.drainTo(batch, 255);
          for (Runnable b : batch) {
            run(b);
          }
          batch.clear();
        }
        long now = clock.millis();
        if (now >= nextTick) {
          book.tick(now);
          nextTick = now + TICK.toMillis();
        }
        flush(now);
        if (now >= nextExpiry && held.isEmpty()) {
          nextExpiry = now + Duration.ofHours(1).toMillis();
          List<Long> gone = journal.expire(now - retention.toMillis(), EXPIRE_SLICE);
          book.forget(gone);
          if (gone.size() == EXPIRE_SLICE) {
            nextExpiry = now + 1_000;
          }
        }
      } catch (InterruptedException e) {
        if (closing) {
          break;
        }
      } catch (RuntimeException e) {
        workFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "job book: " + e.getMessage(), e);
      } catch (Error e) {
        failure = e;
        LOG.log(System.Logger.Level.ERROR, "job book stopped: " + e, e);
        return;
      }
    }
  }

  private void run(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      workFailures.increment();
      LOG.log(System.Logger.Level.WARNING, "job book: " + e.getMessage(), e);
    }
  }

  /**
   * Journals what the book decided, then writes to machines and tells everyone: never the other way
   * round. While the journal cannot be written the decisions wait in order (and no machine is
   * written) and the write is retried with a growing pause. Writes that fail at once feed back into
   * the book, whose reaction is journaled in turn.
   */
  private void flush(long now) {
    for (int round = 0; round < 4; round++) {
      Changes fresh = book.drain();
      if (!fresh.isEmpty()) {
        held.add(fresh);
      }
      if (held.isEmpty() || now < journalRetryAt) {
        return;
      }
      List<Changes> done = new ArrayList<>();
      for (Changes c : held) {
        List<Confirmation> told;
        try {
          told = journal.append(c);
        } catch (IllegalStateException e) {
          journalFailures.increment();
          if (journalPause == 0) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; retrying, decisions held");
          }
          journalPause = Math.min(JOURNAL_RETRY_MAX, Math.max(100, journalPause * 2));
          journalRetryAt = now + journalPause;
          break;
        }
        done.add(c);
        if (journalPause != 0) {
          LOG.log(System.Logger.Level.INFO, "job journal written again");
          journalPause = 0;
          journalRetryAt = 0;
        }
        act(c);
        if (!told.isEmpty()) {
          toldErp.run();
        }
      }
      held.removeAll(done);
      if (!held.isEmpty()) {
        return;
      }
    }
  }

  /** What follows a journaled decision: machine writes, the namespace's events, the gauges. */
  private void act(Changes c) {
    long now = clock.millis();
    for (MachineWrite w : c.writes()) {
      write(w, now);
    }
    transitions.add(c.transitions().size());
    Set<String> machines = new LinkedHashSet<>();
    Map<Long, Job> jobs = new LinkedHashMap<>();
    c.jobs().forEach(j -> jobs.put(j.id(), j));
    for (Transition t : c.transitions()) {
      Job j = jobs.get(t.job());
      if (j != null) {
        publisher.transition(t, j);
        j.machine().ifPresent(machines::add);
      }
    }
    for (String m : machines) {
      publisher.machine(m, book.occupant(m));
    }
    if (!c.jobs().isEmpty()) {
      countStatuses();
    }
  }

  private void write(MachineWrite w, long now) {
    DeviceKey device = devices.get(w.machine());
    if (device == null) {
      refused(w, w.machine() + " is not in the namespace", now);
      return;
    }
    for (Map.Entry<String, Value> v : w.values()) {
      try {
        host.write(device, v.getKey(), v.getValue())
            .whenComplete(
                (ok, e) -> {
                  // Never blocks: a publish that failed at once calls back on the book's own
                  // thread, which must not wait for room in its own queue.
                  if (e != null
                      && !queue.offer(
                          () ->
                              refused(
                                  w,
                                  "the write did not reach the broker: " + e.getMessage(),
                                  clock.millis()))) {
                    writeFailures.increment();
                  }
                });
        writes.increment();
      } catch (IllegalArgumentException | IllegalStateException e) {
        refused(w, e.getMessage(), now);
        return;
      }
    }
  }

  private void refused(MachineWrite w, String reason, long now) {
    writeFailures.increment();
    if (w.job() != 0) {
      book.writeFailed(w.job(), reason, now);
    } else {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not tell " + w.machine() + " it has no job: " + reason);
    }
  }

  private void countStatuses() {
    byStatus.putAll(book.counts());
  }

  /** Counters and gauges for the role's metrics, by name. */
  public Map<String, Double> figures() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (JobStatus s : JobStatus.values()) {
      out.put("jobs_" + s.wireName(), (double) byStatus.getOrDefault(s, 0));
    }
    out.put("orders_imported_total", (double) imported.sum());
    out.put("orders_duplicate_total", (double) duplicates.sum());
    out.put("orders_updated_total", (double) updated.sum());
    out.put("orders_rejected_total", (double) rejected.sum());
    out.put("machine_writes_total", (double) writes.sum());
    out.put("machine_write_failures_total", (double) writeFailures.sum());
    out.put("transitions_total", (double) transitions.sum());
    out.put("journal_failures_total", (double) journalFailures.sum());
    out.put("work_failures_total", (double) workFailures.sum());
    out.put("publish_failures_total", (double) publisher.failed());
    out.put("queued", (double) queue.size());
    return out;
  }

  @Override
  public void close() {
    host.close();
    closing = true;
    try {
      worker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
    }
    publisher.close();
    // The journal is the owner's to close, after the ERP sync that reads it.
  }
}
