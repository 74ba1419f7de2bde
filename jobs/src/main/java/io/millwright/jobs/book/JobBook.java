package io.millwright.jobs.book;

import io.millwright.core.sample.Value;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.json.FieldNames;
import io.millwright.jobs.erp.json.OrderJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Every job of the site and what its machines show: the lifecycle (JOBS.md), a queue per machine,
 * dispatch by writing a job's fields and confirming them by read-back, progress from the machine's
 * counters. Pure decisions, no I/O: the caller feeds it commands, machine values and the clock, and
 * {@link #drain() drains} what to journal and, once journaled, what to write to machines.
 *
 * <p>Not thread-safe: one thread (the job service's) owns it.
 *
 * <p>A job never runs twice: the book only writes a job to a machine from {@code RELEASED} or
 * {@code PAUSED}, never once it is {@code COMPLETED} or {@code ABORTED}; a repeated write of the
 * same job (a retry, a restart) carries the same order key, and the machine's counters are credited
 * from the last credited reading, which the journal keeps with the job.
 */
public final class JobBook {

  /** Queue keys leave room between neighbours so that a new job rarely moves another. */
  static final long QUEUE_GAP = 1L << 20;

  private static final String SITE = "site";
  private static final String MACHINE = "machine";

  private final JobRules rules;
  private final Map<Long, Job> jobs = new HashMap<>();
  private final Map<String, Long> byKey = new HashMap<>();
  private final Map<Long, Job> open = new LinkedHashMap<>();
  // Open jobs planned on each machine: queues and occupants are looked up on every machine message.
  private final Map<String, Set<Long>> byMachine = new HashMap<>();
  private final Map<String, Feed> feeds = new LinkedHashMap<>();
  private final Map<Long, Progress> progress = new HashMap<>();
  private final int[] counts = new int[JobStatus.values().length];
  private long nextId = 1;

  // Since the last drain.
  private final Map<Long, Job> changed = new LinkedHashMap<>();
  private final List<Transition> transitions = new ArrayList<>();
  private final List<Outgoing> outgoing = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final List<MachineWrite> writes = new ArrayList<>();
  private final Set<String> toClear = new LinkedHashSet<>();

  /** What one machine shows of its job and counters, from its latest values. */
  private static final class Feed {
    boolean heard; // anything from or about the machine since this book started
    boolean online;
    boolean reborn;
    String order; // null until the machine first reports it
    String product;
    long target = -1;
    final Map<String, Value> recipe = new HashMap<>();
    long good = -1;
    long scrap = -1;
  }

  /** When the ERP last heard a running job's quantities, and which. */
  private record Progress(long at, long good, long scrap) {}

  public JobBook(JobRules rules) {
    this.rules = rules;
    rules.machines().keySet().forEach(m -> feeds.put(m, new Feed()));
  }

  public JobRules rules() {
    return rules;
  }

  /**
   * Takes back the journal's jobs after a restart, before anything else.
   *
   * @param lastId the highest job number ever given out (jobs expire, their numbers stay taken)
   */
  public void restore(Collection<Job> saved, long lastId) {
    nextId = Math.max(nextId, lastId + 1);
    for (Job j : saved) {
      put(j);
      nextId = Math.max(nextId, j.id() + 1);
    }
  }

  // ---- orders from the ERP -------------------------------------------------------------------

  /**
   * Imports an order: a new job, or nothing when the order is known with the same content, or the
   * new content while the job is not yet under way. A change to a job under way, or an order the
   * site cannot map, is refused: a dead letter, and the ERP is told.
   */
  public ImportOutcome importOrder(ErpOrder received, String source, long now) {
    // The journal keeps times to the millisecond: compare what it will give back after a restart.
    ErpOrder order = asJournaled(received);
    Long known = byKey.get(order.key());
    if (known != null) {
      Job job = jobs.get(known);
      if (job.order().equals(order)) {
        return new ImportOutcome.Duplicate(job);
      }
      if (job.status() == JobStatus.IMPORTED
          || (job.status() == JobStatus.RELEASED && !job.dispatching())) {
        try {
          List<String> fit = rules.candidates(order);
          if (job.machine().isPresent() && !fit.contains(job.machine().get())) {
            throw new IllegalArgumentException(
                "the change does not fit " + job.machine().get() + ", where the job is queued");
          }
        } catch (IllegalArgumentException e) {
          return refuse(
              order,
              source,
              "CHANGE_REFUSED",
              "order "
                  + order.key()
                  + " changed so that it no longer fits: "
                  + e.getMessage()
                  + "; job "
                  + job.id()
                  + " keeps what it was",
              now);
        }
        Job.Builder b = job.edit();
        b.order = order;
        Job updated = save(b.build(now));
        note(updated, job.status(), source, "the ERP changed the order", now);
        return new ImportOutcome.Updated(updated);
      }
      return refuse(
          order,
          source,
          "CHANGE_REFUSED",
          "order "
              + order.key()
              + " changed after it went to "
              + job.machine().orElse("a machine")
              + " (job "
              + job.id()
              + ", "
              + job.status().wireName()
              + "); the job keeps what it was dispatched with",
          now);
    }
    List<String> candidates;
    try {
      candidates = rules.candidates(order);
    } catch (IllegalArgumentException e) {
      return reject(order, source, e.getMessage(), now);
    }
    Job job = save(Job.imported(nextId++, order, source, now));
    note(job, JobStatus.IMPORTED, source, "", now);
    if (rules.autoRelease()) {
      String onto = choose(candidates);
      job = releaseOnto(job, onto, SITE, now);
      dispatchFree(onto, now);
    }
    return new ImportOutcome.Created(job);
  }

  /** An entry the adapter could not read: a dead letter, and the ERP is told. */
  public void unreadable(Incoming.Unreadable entry, String source, long now) {
    deadLetters.add(
        new DeadLetter(0, now, "in", source, entry.reference(), entry.raw(), entry.reason()));
    outgoing.add(
        new Outgoing(
            entry.reference(),
            "",
            "REJECTED",
            Optional.empty(),
            0,
            0,
            now,
            Optional.of(entry.reason())));
  }

  private ImportOutcome reject(ErpOrder order, String source, String reason, long now) {
    return refuse(order, source, "REJECTED", reason, now);
  }

  private ImportOutcome refuse(
      ErpOrder order, String source, String status, String reason, long now) {
    deadLetters.add(new DeadLetter(0, now, "in", source, order.key(), describe(order), reason));
    outgoing.add(
        new Outgoing(
            order.orderNumber(),
            order.operation(),
            status,
            Optional.empty(),
            0,
            0,
            now,
            Optional.of(reason)));
    return new ImportOutcome.Rejected(reason);
  }

  /** A confirmation the ERP refused for good: kept for a person, the next one goes on. */
  public void undeliverable(String reference, String raw, String reason, long now) {
    deadLetters.add(new DeadLetter(0, now, "out", "erp", reference, raw, reason));
  }

  /** The order as the journal gives it back: its times to the millisecond. */
  public static ErpOrder asJournaled(ErpOrder o) {
    return new ErpOrder(
        o.orderNumber(),
        o.operation(),
        o.product(),
        o.quantity(),
        o.machine(),
        o.setpoints(),
        o.idealCycle().map(d -> Duration.ofMillis(d.toMillis())),
        o.plannedStart().map(t -> Instant.ofEpochMilli(t.toEpochMilli())),
        o.plannedEnd().map(t -> Instant.ofEpochMilli(t.toEpochMilli())),
        o.priority());
  }

  private static String describe(ErpOrder o) {
    return OrderJson.writeOrder(o, FieldNames.DEFAULT);
  }

  // ---- commands ------------------------------------------------------------------------------

  /**
   * Puts an imported job into a machine's queue.
   *
   * @param machine the machine, required when the order leaves a choice the site should not make
   *     (when empty the site takes the candidate with the shortest queue)
   * @throws NoSuchElementException for an unknown job
   * @throws IllegalStateException when the job is not imported
   * @throws IllegalArgumentException when the machine cannot run it
   */
  public Job release(long id, Optional<String> machine, String by, long now) {
    Job job = find(id);
    if (job.status() != JobStatus.IMPORTED) {
      throw conflict(job, "release");
    }
    List<String> candidates = rules.candidates(job.order());
    String onto;
    if (machine.isPresent()) {
      if (!candidates.contains(machine.get())) {
        throw new IllegalArgumentException(
            "job "
                + id
                + " cannot run on "
                + machine.get()
                + "; it can run on "
                + String.join(", ", candidates));
      }
      onto = machine.get();
    } else {
      onto = choose(candidates);
    }
    Job released = releaseOnto(job, onto, by, now);
    dispatchFree(onto, now);
    return jobs.get(released.id());
  }

  /**
   * Sends a queued job to its machine now (ahead of the queue), or a job an operator paused back to
   * it.
   *
   * @throws IllegalStateException when the job is not queued or paused, or the machine is offline
   *     or busy with another job
   */
  public Job dispatch(long id, String by, long now) {
    Job job = find(id);
    if (job.dispatching()
        || !(job.status() == JobStatus.RELEASED || job.status() == JobStatus.PAUSED)) {
      throw conflict(job, "dispatch");
    }
    String m = job.machine().orElseThrow();
    Feed feed = feed(m);
    if (!feed.online) {
      throw new IllegalStateException(m + " is offline; job " + id + " stays queued");
    }
    Optional<Job> busy = occupant(m);
    if (busy.isPresent() && busy.get().id() != id) {
      Job b = busy.get();
      throw new IllegalStateException(
          m
              + " is busy with job "
              + b.id()
              + " ("
              + b.key()
              + ", "
              + b.status().wireName()
              + "); pause or complete it first");
    }
    return startDispatch(job, by, now);
  }

  /** Pauses a job on its machine; the machine is told it has no job. */
  public Job pause(long id, String by, String reason, long now) {
    Job job = find(id);
    if (!(job.status() == JobStatus.DISPATCHED
        || job.status() == JobStatus.RUNNING
        || (job.status() == JobStatus.PAUSED && job.pausedByMachine()))) {
      throw conflict(job, "pause");
    }
    Job.Builder b = job.edit();
    b.status = JobStatus.PAUSED;
    b.pausedByMachine = false;
    // A write under way (a machine back without its job was being sent it again) stops here too.
    b.dispatching = false;
    b.attempts = 0;
    b.deadline = 0;
    b.note = Optional.of(reason.isBlank() ? "paused by " + by : reason);
    Job paused = change(job, b, by, reason, now);
    clearLater(paused.machine().orElseThrow());
    dispatchFree(paused.machine().orElseThrow(), now);
    return paused;
  }

  /**
   * Sends a paused job back to its machine for the parts still to make; when the machine is busy
   * with another job or offline, the job goes back into its queue, first.
   */
  public Job resume(long id, String by, long now) {
    Job job = find(id);
    if (job.status() != JobStatus.PAUSED || job.dispatching()) {
      throw conflict(job, "resume");
    }
    String m = job.machine().orElseThrow();
    Optional<Job> busy = occupant(m).filter(o -> o.id() != id);
    if (feed(m).online && busy.isEmpty()) {
      return startDispatch(job, by, now);
    }
    List<Job> queue = queue(m);
    Job.Builder b = job.edit();
    b.status = JobStatus.RELEASED;
    b.pausedByMachine = false;
    b.queueKey = (queue.isEmpty() ? 2 * QUEUE_GAP : queue.get(0).queueKey()) - QUEUE_GAP;
    String why =
        busy.map(o -> m + " is busy with job " + o.id()).orElse(m + " is offline")
            + "; first in its queue";
    b.note = Optional.of(why);
    Job queued = change(job, b, by, why, now);
    dispatchFree(m, now);
    return jobs.get(queued.id());
  }

  /** Closes a job with the parts made so far; the machine is told it has no job. */
  public Job complete(long id, String by, String reason, long now) {
    Job job = find(id);
    if (!(job.status() == JobStatus.DISPATCHED
        || job.status() == JobStatus.RUNNING
        || job.status() == JobStatus.PAUSED)) {
      throw conflict(job, "complete");
    }
    boolean onMachine = job.occupiesMachine();
    Job done = end(job, JobStatus.COMPLETED, by, reason, now);
    if (onMachine) {
      clearLater(done.machine().orElseThrow());
    }
    done.machine().ifPresent(m -> dispatchFree(m, now));
    return done;
  }

  /** Cancels a job that has not ended; if its machine has it, the machine is told it has none. */
  public Job abort(long id, String by, String reason, long now) {
    Job job = find(id);
    if (job.status().finished()) {
      throw conflict(job, "abort");
    }
    boolean onMachine = job.occupiesMachine();
    Job aborted = end(job, JobStatus.ABORTED, by, reason, now);
    if (onMachine) {
      clearLater(aborted.machine().orElseThrow());
    }
    aborted.machine().ifPresent(m -> dispatchFree(m, now));
    return aborted;
  }

  /**
   * Puts a machine's queue in the given order.
   *
   * @param order every queued job of the machine, each once
   * @throws IllegalArgumentException when the list is not exactly the machine's queue
   */
  public List<Job> reorder(String machine, List<Long> order, String by, long now) {
    if (!rules.machines().containsKey(machine)) {
      throw new NoSuchElementException("no machine \"" + machine + "\"");
    }
    List<Job> queue = queue(machine);
    Set<Long> queued = new LinkedHashSet<>();
    queue.forEach(j -> queued.add(j.id()));
    if (!new LinkedHashSet<>(order).equals(queued) || order.size() != queued.size()) {
      throw new IllegalArgumentException(
          "the new order must list each job queued on " + machine + " once: " + queued);
    }
    long key = QUEUE_GAP;
    for (long id : order) {
      Job job = jobs.get(id);
      if (job.queueKey() != key) {
        Job.Builder b = job.edit();
        b.queueKey = key;
        Job moved = save(b.build(now));
        note(moved, moved.status(), by, "queue place " + (key / QUEUE_GAP), now);
      }
      key += QUEUE_GAP;
    }
    return queue(machine);
  }

  // ---- what machines show --------------------------------------------------------------------

  /** A machine's device was born: its values follow; whatever it shows then is checked afresh. */
  public void machineOnline(String machine, long now) {
    Feed feed = feeds.get(machine);
    if (feed != null) {
      feed.heard = true;
      feed.online = true;
      feed.reborn = true;
    }
  }

  /**
   * A machine's link went down: its job is paused by the machine (the site resumes it when the
   * machine is back and still shows it), and what it showed is forgotten.
   */
  public void machineOffline(String machine, long now) {
    Feed feed = feeds.get(machine);
    if (feed == null) {
      return;
    }
    feed.heard = true;
    feed.online = false;
    feed.order = null;
    for (Job job : onMachine(machine)) {
      if (job.counting()) {
        Job.Builder b = job.edit();
        b.status = JobStatus.PAUSED;
        b.pausedByMachine = true;
        b.note = Optional.of(machine + " went offline");
        change(job, b, MACHINE, machine + " went offline", now);
      }
    }
  }

  /**
   * Values from a machine (Good quality only): its job fields settle dispatches and losses, its
   * counters give progress.
   */
  public void machineValues(String machine, Map<String, Value> values, long now) {
    Feed feed = feeds.get(machine);
    if (feed == null) {
      return;
    }
    feed.heard = true;
    feed.online = true;
    JobRules.JobTags tags = rules.tags();
    for (Map.Entry<String, Value> e : values.entrySet()) {
      String tag = e.getKey();
      Value v = e.getValue();
      if (tag.equals(tags.order())) {
        feed.order = v.toString();
      } else if (tag.equals(tags.product())) {
        feed.product = v.toString();
      } else if (tag.equals(tags.target())) {
        feed.target = v.kind() == Value.Kind.STRING ? -1 : Math.round(v.asDouble());
      } else {
        feed.recipe.put(tag, v);
      }
    }
    Value good = values.get(rules.goodTag(machine));
    Value scrap = values.get(rules.scrapTag(machine));
    if (good != null && good.kind() != Value.Kind.STRING) {
      feed.good = Math.round(good.asDouble());
    }
    if (scrap != null && scrap.kind() != Value.Kind.STRING) {
      feed.scrap = Math.round(scrap.asDouble());
    }
    settle(machine, feed, now);
    if (good != null || scrap != null) {
      count(machine, feed, now);
    }
    if (feed.order != null) {
      // Cleared only once the machine's order was seen: a restart is judged by what it shows.
      feed.reborn = false;
    }
    dispatchFree(machine, feed, now);
  }

  /** Dispatch confirmations, lost jobs and jobs regained after a machine came back. */
  private void settle(String machine, Feed feed, long now) {
    if (feed.order == null) {
      return;
    }
    for (Job job : onMachine(machine)) {
      boolean shown = feed.order.equals(job.key());
      if (job.dispatching()
          || (job.status() == JobStatus.RELEASED && job.attempts() == 0 && job.retryAt() > 0)) {
        // Dispatching, or a dispatch called failed whose writes arrived after all: the machine has
        // the job as written, so it has it.
        if (shown && readBack(job, feed)) {
          confirm(job, feed, now);
        }
      } else if (job.counting() && !shown) {
        Job.Builder b = job.edit();
        b.status = JobStatus.PAUSED;
        b.pausedByMachine = true;
        String why =
            feed.order.isEmpty()
                ? machine + " no longer shows the job"
                : machine + " now shows order " + feed.order;
        b.note = Optional.of(why);
        Job paused = change(job, b, MACHINE, why, now);
        if (feed.reborn && feed.order.isEmpty()) {
          // Back (a birth) without the job, and no one heard it go: the site or this role stopped
          // while the job ran. Written again for the parts still to make, as for a job paused by
          // the machine; otherwise it would wait paused for an operator.
          startDispatch(paused, SITE, now);
        }
      } else if (job.status() == JobStatus.PAUSED && job.pausedByMachine()) {
        if (shown) {
          Job.Builder b = job.edit();
          b.status = job.good() + job.scrap() > 0 ? JobStatus.RUNNING : JobStatus.DISPATCHED;
          b.pausedByMachine = false;
          b.note = Optional.empty();
          change(job, b, MACHINE, machine + " shows the job again", now);
        } else if (feed.reborn && feed.order.isEmpty()) {
          startDispatch(job, SITE, now);
        }
      }
    }
  }

  private boolean readBack(Job job, Feed feed) {
    if (!job.order().product().equals(feed.product) || feed.target != job.remaining()) {
      return false;
    }
    for (Map.Entry<String, String> s : job.order().setpoints().entrySet()) {
      Value shown = feed.recipe.get(s.getKey());
      if (shown == null || !same(shown, s.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** A recipe value as read back: numbers within a float's precision (a REAL register). */
  private static boolean same(Value shown, String written) {
    if (shown.kind() == Value.Kind.STRING) {
      return shown.toString().equals(written);
    }
    try {
      double w =
          written.strip().equalsIgnoreCase("true")
              ? 1
              : written.strip().equalsIgnoreCase("false") ? 0 : Double.parseDouble(written.strip());
      double s = shown.asDouble();
      return Math.abs(s - w) <= 1e-6 * Math.max(1, Math.abs(w));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The machine shows the job as written: it has it. Its counters count from here. */
  private void confirm(Job job, Feed feed, long now) {
    Job.Builder b = job.edit();
    b.dispatching = false;
    b.attempts = 0;
    b.deadline = 0;
    b.note = Optional.empty();
    b.status = job.good() + job.scrap() > 0 ? JobStatus.RUNNING : JobStatus.DISPATCHED;
    b.pausedByMachine = false;
    // Counted from the readings at the write (startDispatch); unknown then, from this message's.
    if (b.goodCounter < 0) {
      b.goodCounter = feed.good;
    }
    if (b.scrapCounter < 0) {
      b.scrapCounter = feed.scrap;
    }
    if (b.startedAt == 0) {
      b.startedAt = now;
    }
    change(job, b, MACHINE, job.machine().orElseThrow() + " took the job", now);
  }

  /** Credits the machine's counters, as the feed now has them, to the job it counts for. */
  private void count(String machine, Feed feed, long now) {
    long g = feed.good;
    long s = feed.scrap;
    for (Job job : onMachine(machine)) {
      if (!job.counting()) {
        continue;
      }
      long dg = credit(job.goodCounter(), g);
      long ds = credit(job.scrapCounter(), s);
      if (dg == 0 && ds == 0 && job.goodCounter() == g && job.scrapCounter() == s) {
        continue;
      }
      Job.Builder b = job.edit();
      b.good += dg;
      b.scrap += ds;
      b.goodCounter = g;
      b.scrapCounter = s;
      if (b.good >= job.order().quantity()) {
        Job counted = save(b.build(now));
        end(counted, JobStatus.COMPLETED, MACHINE, "target reached", now);
      } else if (job.status() == JobStatus.DISPATCHED && dg + ds > 0) {
        b.status = JobStatus.RUNNING;
        change(job, b, MACHINE, "", now);
      } else {
        save(b.build(now));
      }
    }
  }

  /**
   * Parts made since the last credited reading. A counter that went down was reset (a machine
   * restart, a counter wrap): everything it shows now is new.
   */
  static long credit(long before, long now) {
    if (before < 0 || now < 0) {
      return 0;
    }
    return now >= before ? now - before : now;
  }

  // ---- the clock -----------------------------------------------------------------------------

  /** Read-backs overdue, quantities due to the ERP, free machines and their queues. */
  public void tick(long now) {
    List<Job> late = new ArrayList<>();
    for (Job job : open.values()) {
      if (job.dispatching() && now >= job.deadline()) {
        late.add(job);
      } else if (job.status() == JobStatus.RUNNING) {
        Progress p = progress.get(job.id());
        if ((p == null || (p.good() != job.good() || p.scrap() != job.scrap()))
            && (p == null || now - p.at() >= rules.progressInterval().toMillis())) {
          progress.put(job.id(), new Progress(now, job.good(), job.scrap()));
          outgoing.add(Outgoing.of(job, "PROGRESS", now));
        }
      }
    }
    late.forEach(job -> overdue(job, now));
    dispatchFree(now);
  }

  private void overdue(Job job, long now) {
    String m = job.machine().orElseThrow();
    Feed feed = feed(m);
    if (!feed.heard || (feed.online && feed.order == null)) {
      // Nothing heard of the machine yet, or nothing read from it (this role just started): its
      // read-back may well be on its way; give it its time rather than call the dispatch failed.
      Job.Builder b = job.edit();
      b.deadline = now + rules.dispatchTimeout().toMillis();
      save(b.build(now));
      return;
    }
    if (job.attempts() < rules.dispatchAttempts() && feed.online) {
      Job.Builder b = job.edit();
      b.attempts++;
      b.deadline = now + rules.dispatchTimeout().toMillis();
      Job again =
          change(
              job,
              b,
              SITE,
              "no read-back yet; writing again (attempt "
                  + b.attempts
                  + " of "
                  + rules.dispatchAttempts()
                  + ")",
              now);
      writes.add(new MachineWrite(m, again.id(), rules.fields(m, again)));
      return;
    }
    String shows = feed.order == null ? "nothing (offline)" : "'" + feed.order + "'";
    failDispatch(
        job,
        m
            + " did not take the job: "
            + rules.tags().order()
            + " reads "
            + shows
            + " after "
            + job.attempts()
            + (job.attempts() == 1 ? " write" : " writes"),
        now);
  }

  /**
   * A write could not even be sent (the machine is not in the namespace, a value does not fit its
   * tag): the dispatch fails at once.
   */
  public void writeFailed(long id, String reason, long now) {
    Job job = jobs.get(id);
    if (job != null && job.dispatching()) {
      failDispatch(job, reason, now);
    }
  }

  private void failDispatch(Job job, String reason, long now) {
    Job.Builder b = job.edit();
    b.dispatching = false;
    b.attempts = 0;
    b.deadline = 0;
    b.retryAt = now + rules.retryAfter().toMillis();
    b.note = Optional.of(reason);
    Job failed = change(job, b, SITE, reason, now);
    outgoing.add(Outgoing.of(failed, "DISPATCH_FAILED", now));
    String m = job.machine().orElseThrow();
    if (job.key().equals(feed(m).order)) {
      // Part of the job reached the machine (its order key, not all its fields): it must not run
      // a job the site does not count.
      clearLater(m);
    }
  }

  // ---- queries -------------------------------------------------------------------------------

  public Optional<Job> job(long id) {
    return Optional.ofNullable(jobs.get(id));
  }

  public Optional<Job> job(String key) {
    Long id = byKey.get(key);
    return id == null ? Optional.empty() : Optional.of(jobs.get(id));
  }

  /** Every job, newest first. */
  public List<Job> jobs() {
    List<Job> all = new ArrayList<>(jobs.values());
    all.sort(Comparator.comparingLong(Job::id).reversed());
    return all;
  }

  /** A machine's queue, next first. */
  public List<Job> queue(String machine) {
    List<Job> q = new ArrayList<>();
    for (Job j : onMachine(machine)) {
      if (j.status() == JobStatus.RELEASED && !j.dispatching()) {
        q.add(j);
      }
    }
    q.sort(Comparator.comparingLong(Job::queueKey).thenComparingLong(Job::id));
    return q;
  }

  /** The job that has the machine, if one does. */
  public Optional<Job> occupant(String machine) {
    Set<Long> ids = byMachine.get(machine);
    if (ids != null) {
      for (long id : ids) {
        Job j = jobs.get(id);
        if (j.occupiesMachine()) {
          return Optional.of(j);
        }
      }
    }
    return Optional.empty();
  }

  /** How many jobs the book holds in each status. */
  public Map<JobStatus, Integer> counts() {
    Map<JobStatus, Integer> out = new LinkedHashMap<>();
    for (JobStatus s : JobStatus.values()) {
      out.put(s, counts[s.ordinal()]);
    }
    return out;
  }

  /** Whether the machine is known online. */
  public boolean online(String machine) {
    Feed f = feeds.get(machine);
    return f != null && f.online;
  }

  /** Removes finished jobs the journal expired, so the book does not grow for ever. */
  public void forget(Collection<Long> ids) {
    for (long id : ids) {
      Job j = jobs.get(id);
      if (j != null && j.status().finished()) {
        jobs.remove(id);
        counts[j.status().ordinal()]--;
        byKey.remove(j.key());
        progress.remove(id);
      }
    }
  }

  /** What was decided since the last drain; the caller journals it, then writes. */
  public Changes drain() {
    for (String m : toClear) {
      writes.add(new MachineWrite(m, 0, rules.clear()));
    }
    toClear.clear();
    Changes c =
        new Changes(List.copyOf(changed.values()), transitions, outgoing, deadLetters, writes);
    changed.clear();
    transitions.clear();
    outgoing.clear();
    deadLetters.clear();
    writes.clear();
    return c;
  }

  // ---- the inside ----------------------------------------------------------------------------

  private Job find(long id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw new NoSuchElementException("no job " + id);
    }
    return job;
  }

  private static IllegalStateException conflict(Job job, String action) {
    return new IllegalStateException(
        "job "
            + job.id()
            + " is "
            + job.status().wireName()
            + (job.dispatching() ? " and being dispatched" : "")
            + "; it cannot be "
            + (action.endsWith("e") ? action + "d" : action + "ed")
            + " now");
  }

  /** The candidate with the fewest jobs waiting or on it; the first such in definition order. */
  private String choose(List<String> candidates) {
    String best = candidates.get(0);
    int least = Integer.MAX_VALUE;
    for (String m : candidates) {
      int load = queue(m).size() + (occupant(m).isPresent() ? 1 : 0);
      if (load < least) {
        least = load;
        best = m;
      }
    }
    return best;
  }

  private Job releaseOnto(Job job, String machine, String by, long now) {
    List<Job> queue = queue(machine);
    int priority = job.order().priority();
    // Before the first job of lower priority; at the end otherwise.
    int at = queue.size();
    for (int i = 0; i < queue.size(); i++) {
      if (queue.get(i).order().priority() < priority) {
        at = i;
        break;
      }
    }
    long before = at == 0 ? 0 : queue.get(at - 1).queueKey();
    long after = at == queue.size() ? before + 2 * QUEUE_GAP : queue.get(at).queueKey();
    long key = before + (after - before) / 2;
    if (key <= before || key >= after) {
      // No room left between the two: spread the queue out again.
      List<Long> ids = new ArrayList<>();
      queue.forEach(j -> ids.add(j.id()));
      reorder(machine, ids, by, now);
      return releaseOnto(job, machine, by, now);
    }
    Job.Builder b = job.edit();
    b.status = JobStatus.RELEASED;
    b.machine = Optional.of(machine);
    b.queueKey = key;
    b.note = Optional.empty();
    return change(job, b, by, "onto " + machine, now);
  }

  private Job startDispatch(Job job, String by, long now) {
    String m = job.machine().orElseThrow();
    toClear.remove(m);
    Job.Builder b = job.edit();
    b.dispatching = true;
    b.attempts = 1;
    b.deadline = now + rules.dispatchTimeout().toMillis();
    b.retryAt = 0;
    b.note = Optional.empty();
    // A machine is sent a job when it has none to make, so its counters stand still now: parts
    // counted from here on, even before the read-back arrives, are this job's.
    Feed feed = feed(m);
    b.goodCounter = feed.good;
    b.scrapCounter = feed.scrap;
    Job sent = save(b.build(now));
    note(sent, sent.status(), by, "written to " + m + ", awaiting its read-back", now);
    writes.add(new MachineWrite(m, sent.id(), rules.fields(m, sent)));
    return sent;
  }

  /**
   * Sends the head of each free machine's queue. A machine is free when no job of the site has it
   * and it shows no order, or one of the site's that no longer needs it: an order someone entered
   * at the machine itself is never overwritten by the site on its own.
   */
  private void dispatchFree(long now) {
    if (rules.autoDispatch()) {
      feeds.forEach((m, feed) -> dispatchFree(m, feed, now));
    }
  }

  private void dispatchFree(String m, long now) {
    dispatchFree(m, feed(m), now);
  }

  /**
   * What the machine shows; a machine the site no longer has (a job restored from the journal)
   * shows nothing and stays offline.
   */
  private Feed feed(String machine) {
    Feed f = feeds.get(machine);
    return f != null ? f : new Feed();
  }

  private void dispatchFree(String m, Feed feed, long now) {
    if (!rules.autoDispatch() || !feed.online || feed.order == null || occupant(m).isPresent()) {
      return;
    }
    if (!feed.order.isEmpty()) {
      Long shown = byKey.get(feed.order);
      if (shown == null || !jobs.get(shown).status().finished()) {
        return;
      }
    }
    for (Job next : queue(m)) {
      if (next.retryAt() <= now) {
        startDispatch(next, SITE, now);
        return;
      }
    }
  }

  private void clearLater(String machine) {
    toClear.add(machine);
  }

  private Job end(Job job, JobStatus to, String by, String reason, long now) {
    Job.Builder b = job.edit();
    b.status = to;
    b.dispatching = false;
    b.pausedByMachine = false;
    b.queueKey = 0;
    b.endedAt = now;
    if (!reason.isBlank()) {
      b.note = Optional.of(reason);
    }
    Job ended = change(job, b, by, reason, now);
    progress.remove(ended.id());
    return ended;
  }

  /** Saves a status change with its transition and tells the ERP. */
  private Job change(Job before, Job.Builder b, String by, String reason, long now) {
    Job after = save(b.build(now));
    transitions.add(
        new Transition(
            after.id(),
            now,
            before.status(),
            after.status(),
            by,
            reason,
            after.good(),
            after.scrap()));
    if (before.status() != after.status()) {
      outgoing.add(Outgoing.of(after, after.status().name(), now));
      if (after.status() == JobStatus.RUNNING) {
        progress.put(after.id(), new Progress(now, after.good(), after.scrap()));
      }
    }
    return after;
  }

  private void note(Job job, JobStatus status, String by, String reason, long now) {
    transitions.add(
        new Transition(job.id(), now, status, status, by, reason, job.good(), job.scrap()));
  }

  private Job save(Job job) {
    put(job);
    changed.put(job.id(), job);
    return job;
  }

  private void put(Job job) {
    Job before = jobs.put(job.id(), job);
    if (before != null) {
      counts[before.status().ordinal()]--;
      before.machine().ifPresent(m -> byMachine.get(m).remove(job.id()));
    }
    counts[job.status().ordinal()]++;
    byKey.put(job.key(), job.id());
    if (job.status().finished()) {
      open.remove(job.id());
    } else {
      open.put(job.id(), job);
      job.machine()
          .ifPresent(m -> byMachine.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(job.id()));
    }
  }

  private List<Job> onMachine(String machine) {
    Set<Long> ids = byMachine.get(machine);
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    List<Job> out = new ArrayList<>(ids.size());
    for (long id : ids) {
      out.add(jobs.get(id));
    }
    return out;
  }
}
