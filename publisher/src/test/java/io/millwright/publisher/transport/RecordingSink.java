package io.millwright.publisher.transport;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps what it took; it can fail (store down) or refuse on demand. */
final class RecordingSink implements BatchSink {

  record Taken(String site, Envelope batch) {}

  final List<Taken> batches = new CopyOnWriteArrayList<>();
  final List<SiteStatus> statuses = new CopyOnWriteArrayList<>();
  final Map<String, Envelope> byId = new ConcurrentHashMap<>();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger attempts = new AtomicInteger();
  final Set<Long> refuse = ConcurrentHashMap.newKeySet();

  @Override
  public Outcome accept(String site, Envelope batch) throws Exception {
    attempts.incrementAndGet();
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the store is down (test)");
    }
    if (refuse.contains(batch.id().sequence())) {
      throw new RefusedException("batch " + batch.id() + " is malformed (test)");
    }
    batches.add(new Taken(site, batch));
    return byId.putIfAbsent(batch.id().toString(), batch) == null
        ? Outcome.STORED
        : Outcome.DUPLICATE;
  }

  @Override
  public void acceptStatus(String site, SiteStatus status) {
    statuses.add(status);
  }
}
