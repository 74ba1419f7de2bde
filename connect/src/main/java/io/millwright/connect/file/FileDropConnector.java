package io.millwright.connect.file;

import io.millwright.connect.Connector;
import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.MachineLink;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A machine that hands over its results as files in a folder (a coordinate measuring machine, a
 * test bench, a vision system) and takes jobs as files in an outbox.
 *
 * <p>One scan thread does all the file work: it looks at the folder every poll interval, at once
 * when the file system reports a change (a watcher thread only wakes it up; shares mounted over the
 * network report nothing, hence the polling), and when a file seen growing should have settled. A
 * file is taken when complete ({@link StableFiles}, or its marker file), oldest first, and each
 * result in it becomes one batch of samples ({@link ResultIntake}).
 *
 * <p>Link status: CONNECTED while the drop folder can be listed, DISCONNECTED while it is missing
 * or unreadable (an unmounted share), STOPPED after {@link #close}.
 *
 * <p>Writes: writes that arrive within {@code jobWindow} of each other become one job file in the
 * outbox; each write's future completes when that file is in place (renamed into the outbox), which
 * is the acknowledgement: the machine picks the file up when it is ready for the job.
 */
public final class FileDropConnector implements Connector {

  private static final System.Logger LOG = System.getLogger(FileDropConnector.class.getName());
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private record PendingWrite(Tag tag, Value value, Value raw, CompletableFuture<Void> done) {}

  private final String machineId;
  private final DropFolder folder;
  private final FileDropOptions options;
  private final Duration pollInterval;
  private final Map<String, Tag> tags;
  private final ResultIntake intake;
  private final ResultMapper mapper;
  private final JobFiles jobs;
  private final StableFiles stableFiles;
  private final ConnectorCounters counters;
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean scanRequested = new AtomicBoolean();
  private final List<PendingWrite> gathering = new ArrayList<>();
  private volatile WatchService watchService;
  private volatile Thread watcher;

  // Touched by the scan thread only.
  private final Map<String, Value> jobFields = new LinkedHashMap<>();
  private MachineLink link;
  private boolean online;
  private boolean downReported;
  private WatchKey watchKey;
  private ScheduledFuture<?> settleCheck;

  FileDropConnector(
      String machineId,
      DropFolder folder,
      FileDropOptions options,
      Duration pollInterval,
      List<Tag> tags,
      ResultIntake intake,
      ResultMapper mapper,
      JobFiles jobs,
      ConnectorCounters counters) {
    this.machineId = machineId;
    this.folder = folder;
    this.options = options;
    this.pollInterval = pollInterval;
    Map<String, Tag> byName = new LinkedHashMap<>();
    tags.forEach(t -> byName.put(t.name(), t));
    this.tags = Map.copyOf(byName);
    this.intake = intake;
    this.mapper = mapper;
    this.jobs = jobs;
    this.counters = counters;
    this.stableFiles =
        new StableFiles(options.marker().isPresent() ? Duration.ZERO : options.stableFor());
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "file-drop-" + machineId);
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
    startWatcher();
    scheduler.execute(() -> this.link = link);
    scheduler.scheduleWithFixedDelay(this::scan, 0, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public ConnectorStats stats() {
    return counters.snapshot();
  }

  /** The file-system watcher: a thread that only wakes the scan thread. Optional by nature. */
  private void startWatcher() {
    try {
      watchService = FileSystems.getDefault().newWatchService();
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(
          System.Logger.Level.INFO,
          "{0}: no file system watcher ({1}); looking every {2}",
          machineId,
          e.getMessage(),
          pollInterval);
      return;
    }
    Thread t = new Thread(this::watch, "file-drop-watch-" + machineId);
    t.setDaemon(true);
    watcher = t;
    t.start();
  }

  private void watch() {
    try {
      while (!closed.get()) {
        WatchKey key = watchService.take();
        key.pollEvents();
        key.reset();
        requestScan();
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // close(): the watcher's work is over.
    }
  }

  /** One scan for any number of wake-ups: a burst of events must not queue a scan each. */
  private void requestScan() {
    if (scanRequested.compareAndSet(false, true)) {
      try {
        scheduler.execute(this::scan);
      } catch (RejectedExecutionException e) {
        // Closed in between: nothing left to scan for.
      }
    }
  }

  private void scan() {
    scanRequested.set(false);
    // Anything thrown out of a periodic task cancels it silently, so nothing may escape.
    try {
      if (closed.get()) {
        return;
      }
      if (!folder.exists()) {
        down("the drop folder " + folder.inbox() + " does not exist (a share not mounted?)");
        return;
      }
      up();
      if (finishedLastMove()) {
        takeCompleteFiles();
      }
    } catch (IOException e) {
      down("the drop folder " + folder.inbox() + " cannot be read: " + e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, machineId + ": scan failed unexpectedly", e);
    }
  }

  private void up() throws IOException {
    if (online) {
      return;
    }
    watchFolder();
    online = true;
    downReported = false;
    counters.status(LinkStatus.CONNECTED);
    LOG.log(System.Logger.Level.INFO, "{0}: reading {1}", machineId, folder.inbox());
    notifyLink(() -> link.connected());
  }

  /**
   * A file handed over but not moved (a crash, or a move that failed) is moved before anything else
   * is read: files are taken in order, and the journal holds one.
   */
  private boolean finishedLastMove() {
    try {
      intake.recover();
      return true;
    } catch (IOException e) {
      counters.error("a file read cannot be moved out of " + folder.inbox() + ": " + e);
      LOG.log(System.Logger.Level.WARNING, "{0}: {1}", machineId, counters.snapshot().lastError());
      return false;
    }
  }

  private void watchFolder() {
    if (watchService == null || (watchKey != null && watchKey.isValid())) {
      return;
    }
    try {
      watchKey =
          folder
              .inbox()
              .register(
                  watchService,
                  StandardWatchEventKinds.ENTRY_CREATE,
                  StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException | ClosedWatchServiceException e) {
      // Polling alone still finds every file.
      LOG.log(
          System.Logger.Level.DEBUG, "{0}: cannot watch {1}: {2}", machineId, folder.inbox(), e);
    }
  }

  private void down(String reason) {
    if (online || !downReported) {
      online = false;
      downReported = true;
      counters.status(LinkStatus.DISCONNECTED);
      counters.error(reason);
      LOG.log(System.Logger.Level.WARNING, "{0}: {1}", machineId, reason);
      notifyLink(() -> link.disconnected(reason));
    }
  }

  private record Candidate(Path file, BasicFileAttributes attributes) {}

  private void takeCompleteFiles() throws IOException {
    long now = System.nanoTime();
    List<Candidate> complete = new ArrayList<>();
    Set<String> waiting = new HashSet<>();
    for (Path file : folder.results()) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        continue; // Renamed or removed since listed.
      }
      if (a.isDirectory()) {
        continue; // done/, error/, an outbox inside the folder: never results.
      }
      String name = file.getFileName().toString();
      boolean ready =
          folder
              .markerOf(file)
              .map(Files::exists)
              .orElseGet(
                  () -> stableFiles.stable(name, a.size(), a.lastModifiedTime().toMillis(), now));
      if (ready) {
        complete.add(new Candidate(file, a));
      } else {
        waiting.add(name);
      }
    }
    stableFiles.keepOnly(waiting);
    complete.sort(
        Comparator.comparing((Candidate c) -> c.attributes().lastModifiedTime())
            .thenComparing(c -> c.file().getFileName().toString()));
    for (Candidate c : complete) {
      if (closed.get()) {
        return;
      }
      try {
        intake.take(c.file(), c.attributes(), link);
      } catch (NoSuchFileException e) {
        // Taken away by someone else between the listing and the read.
      } catch (IOException e) {
        // The journal or the move failed: no further file until the next scan has finished this
        // one's move, so no file is handed over twice.
        counters.error(c.file().getFileName() + " could not be journaled or moved: " + e);
        LOG.log(
            System.Logger.Level.WARNING,
            "{0}: {1} could not be journaled or moved: {2}",
            machineId,
            c.file(),
            e);
        break;
      }
    }
    scheduleSettleCheck();
  }

  /** A look when the first waiting file should have settled, rather than a poll interval later. */
  private void scheduleSettleCheck() {
    OptionalLong deadline = stableFiles.nextDeadlineNanos();
    if (settleCheck != null) {
      settleCheck.cancel(false);
      settleCheck = null;
    }
    if (deadline.isPresent()) {
      long delay = Math.max(0, deadline.getAsLong() - System.nanoTime());
      try {
        settleCheck = scheduler.schedule(this::requestScan, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Closed in between.
      }
    }
  }

  @Override
  public CompletableFuture<Void> write(String tag, Value value) {
    Tag t = tags.get(tag);
    if (t == null) {
      return refused("cannot write " + tag + ": " + machineId + " has no such tag");
    }
    if (!t.writable()) {
      return refused("cannot write " + tag + ": the tag is not defined writable");
    }
    Value raw;
    try {
      raw = FieldValues.raw(t, value);
    } catch (IllegalArgumentException e) {
      return refused("cannot write " + tag + ": it " + e.getMessage());
    }
    if (closed.get()) {
      return refused("cannot write: the connector of " + machineId + " is closed");
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (gathering) {
      gathering.add(new PendingWrite(t, value, raw, done));
      if (gathering.size() == 1) {
        try {
          scheduler.schedule(
              this::writeJobFile, options.jobWindow().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          gathering.clear();
          fail(done, "cannot write: the connector of " + machineId + " is closed");
        }
      }
    }
    return done;
  }

  private void writeJobFile() {
    List<PendingWrite> writes;
    synchronized (gathering) {
      writes = List.copyOf(gathering);
      gathering.clear();
    }
    if (writes.isEmpty()) {
      return;
    }
    writes.forEach(w -> jobFields.put(w.tag().address(), w.raw()));
    Path written;
    try {
      written = jobs.write(jobFields, Instant.now());
    } catch (IOException | RuntimeException e) {
      writes.forEach(
          w -> fail(w.done(), "the job file could not be written to " + jobs.outbox() + ": " + e));
      return;
    }
    LOG.log(System.Logger.Level.DEBUG, "{0}: job file {1}", machineId, written);
    long now = System.currentTimeMillis();
    List<TagSample> readBack = new ArrayList<>();
    for (PendingWrite w : writes) {
      mapper.written(w.tag().name(), w.value());
      readBack.add(new TagSample(w.tag().name(), Sample.good(now, w.value())));
    }
    counters.samples(readBack.size());
    notifyLink(() -> link.samples(readBack));
    writes.forEach(w -> w.done().complete(null));
  }

  private CompletableFuture<Void> refused(String reason) {
    counters.writeError();
    return CompletableFuture.failedFuture(new WriteException(reason));
  }

  private void fail(CompletableFuture<Void> done, String reason) {
    // Counted before the caller hears of it: whoever waits on the write then reads the counters.
    if (!done.isDone()) {
      counters.writeError();
      done.completeExceptionally(new WriteException(reason));
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

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    counters.status(LinkStatus.STOPPED);
    WatchService ws = watchService;
    if (ws != null) {
      try {
        ws.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: closing the watcher: {1}", machineId, e);
      }
    }
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "{0}: scan thread did not stop in time", machineId);
      }
      Thread w = watcher;
      if (w != null) {
        w.join(CLOSE_WAIT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    counters.status(LinkStatus.STOPPED);
    List<PendingWrite> left;
    synchronized (gathering) {
      left = List.copyOf(gathering);
      gathering.clear();
    }
    left.forEach(
        w -> fail(w.done(), "cannot write: the connector of " + machineId + " closed first"));
  }
}
