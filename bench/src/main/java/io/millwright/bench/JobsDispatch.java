package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Phase 2 of the jobs benchmark: one dispatcher per machine, in parallel, each completing whatever
 * job its machine has and then, paced to an overall rate, releasing the next imported job onto it
 * (the machine being free, the book writes it at once), waiting for the {@code dispatched} event
 * and completing the job, over and over.
 */
final class JobsDispatch {

  // The book writes a job up to 3 times, 10 s apart, before it gives up on the machine.
  private static final long WAIT_SECONDS = 40;

  /** One job that went through: its client-side time from the release call to the event. */
  record Done(long job, String orderNumber, String machine, long clientNanos) {}

  /** What the phase did. */
  record Result(
      List<Done> done,
      int failures,
      int refused,
      List<String> problems,
      double seconds,
      double cpuSeconds,
      double maxRssMiB,
      int firstRoundCompleted) {}

  private final MillwrightProcess binary;
  private final JobEvents events;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, ArrayDeque<Long>> supply = new LinkedHashMap<>();
  private final Set<Long> taken = new HashSet<>();
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final long jitterMillis;
  private long nextSlot;
  private long interval;

  /**
   * @param jitterMillis a random pause of up to this before each release (0: none). Without it the
   *     closed loop locks onto the machines' polls: the next job is released right after the read
   *     that confirmed the last one, so it waits almost a full poll for its own read.
   */
  JobsDispatch(MillwrightProcess binary, JobEvents events, long jitterMillis) {
    this.binary = binary;
    this.events = events;
    this.jitterMillis = jitterMillis;
  }

  Result run(List<String> machines, double perMinute, long seconds) throws Exception {
    int firstRound = completeCurrent();
    interval = (long) (60e9 / perMinute);
    double cpu0 = Proc.cpuSeconds(binary.pid());
    long t0 = System.nanoTime();
    long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
    nextSlot = t0;
    double[] maxRss = {0};
    List<Thread> threads = new ArrayList<>();
    for (String m : machines) {
      threads.add(Thread.ofPlatform().name("dispatch-" + m).start(() -> dispatcher(m, end)));
    }
    while (threads.stream().anyMatch(Thread::isAlive)) {
      maxRss[0] = Math.max(maxRss[0], Proc.rssMiB(binary.pid()));
      Thread.sleep(500);
    }
    double took = (System.nanoTime() - t0) / 1e9;
    double cpu = Proc.cpuSeconds(binary.pid()) - cpu0;
    return new Result(
        List.copyOf(done),
        failures.get(),
        refused.get(),
        List.copyOf(problems),
        took,
        cpu,
        maxRss[0],
        firstRound);
  }

  private void dispatcher(String machine, long end) {
    try {
      while (true) {
        if (!pace(end)) {
          return;
        }
        if (jitterMillis > 0) {
          Thread.sleep(ThreadLocalRandom.current().nextLong(jitterMillis));
        }
        OptionalLong next = next(machine);
        if (next.isEmpty()) {
          problems.add(machine + ": no imported job left to release");
          return;
        }
        cycle(machine, next.getAsLong());
      }
    } catch (IOException | RuntimeException e) {
      problems.add(machine + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Release, wait for the read-back's event, complete. */
  private void cycle(String machine, long id) throws IOException, InterruptedException {
    CompletableFuture<Long> dispatched = events.expect(id);
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        binary.post("/api/v1/jobs/" + id + "/release", "{\"machine\":\"" + machine + "\"}");
    if (r.statusCode() != 200) {
      events.forget(id);
      refused.incrementAndGet();
      problems.add(
          "release of job " + id + " onto " + machine + ": " + r.statusCode() + " " + r.body());
      return;
    }
    JsonNode job = json.readTree(r.body());
    if (!job.path("dispatching").asBoolean()) {
      // Not sent by itself (the machine still shows an order the site does not know): send it.
      HttpResponse<String> d = binary.post("/api/v1/jobs/" + id + "/dispatch", "");
      if (d.statusCode() != 200) {
        problems.add("dispatch of job " + id + ": " + d.statusCode() + " " + d.body());
      }
    }
    long arrived;
    try {
      arrived = dispatched.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      events.forget(id);
      failures.incrementAndGet();
      problems.add("job " + id + " on " + machine + " not dispatched: " + e.getMessage());
      // Out of the way, so that the machine takes the next one.
      binary.post("/api/v1/jobs/" + id + "/abort", "{\"reason\":\"benchmark: not dispatched\"}");
      return;
    }
    long clientNanos = arrived - t0;
    HttpResponse<String> c =
        binary.post("/api/v1/jobs/" + id + "/complete", "{\"reason\":\"benchmark\"}");
    if (c.statusCode() != 200) {
      problems.add("complete of job " + id + ": " + c.statusCode() + " " + c.body());
      return;
    }
    done.add(new Done(id, job.path("orderNumber").asText(), machine, clientNanos));
  }

  /** Waits for the next slot of the overall rate; false when the slot is past the end. */
  private boolean pace(long end) throws InterruptedException {
    long slot;
    synchronized (this) {
      slot = Math.max(System.nanoTime(), nextSlot);
      nextSlot = slot + interval;
    }
    if (slot >= end) {
      return false;
    }
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return true;
  }

  /** The next imported job of the benchmark for the machine; the list is read again when empty. */
  private synchronized OptionalLong next(String machine) throws IOException, InterruptedException {
    ArrayDeque<Long> q = supply.get(machine);
    if (q == null || q.isEmpty()) {
      refill();
      q = supply.get(machine);
    }
    if (q == null || q.isEmpty()) {
      return OptionalLong.empty();
    }
    long id = q.removeFirst();
    taken.add(id);
    return OptionalLong.of(id);
  }

  private void refill() throws IOException, InterruptedException {
    HttpResponse<String> r = binary.get("/api/v1/jobs?status=imported&limit=" + 5_000);
    if (r.statusCode() != 200) {
      throw new IOException("job list: " + r.statusCode() + " " + r.body());
    }
    List<JsonNode> jobs = new ArrayList<>();
    json.readTree(r.body()).forEach(jobs::add);
    // The list is newest first: the oldest orders go first.
    for (JsonNode j : jobs.reversed()) {
      long id = j.path("id").asLong();
      String requested = j.path("requested").asText("");
      if (j.path("orderNumber").asText().startsWith(JobsImport.PREFIX) && !taken.contains(id)) {
        ArrayDeque<Long> q = supply.computeIfAbsent(requested, m -> new ArrayDeque<>());
        if (!q.contains(id)) {
          q.addLast(id);
        }
      }
    }
  }

  /** The first round: whatever job a machine has is completed, so that every machine is free. */
  private int completeCurrent() throws IOException, InterruptedException {
    int n = 0;
    for (JsonNode row : json.readTree(binary.get("/api/v1/jobs/machines").body())) {
      JsonNode current = row.path("current");
      if (current.isObject()) {
        long id = current.path("id").asLong();
        int status =
            binary
                .post("/api/v1/jobs/" + id + "/complete", "{\"reason\":\"benchmark start\"}")
                .statusCode();
        if (status != 200) {
          binary.post("/api/v1/jobs/" + id + "/abort", "{\"reason\":\"benchmark start\"}");
        }
        n++;
      }
    }
    return n;
  }
}
