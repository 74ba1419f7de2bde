package io.millwright.connect.opcua;

import io.millwright.connect.MachineLink;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** A host stand-in that remembers what the connector told it. */
final class RecordingLink implements MachineLink {

  final List<List<TagSample>> batches = new CopyOnWriteArrayList<>();
  final Map<String, TagSample> latest = new ConcurrentHashMap<>();
  final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  final AtomicInteger connected = new AtomicInteger();
  final AtomicInteger disconnected = new AtomicInteger();
  final List<String> reasons = new CopyOnWriteArrayList<>();
  private final boolean keepBatches;

  RecordingLink() {
    this(true);
  }

  RecordingLink(boolean keepBatches) {
    this.keepBatches = keepBatches;
  }

  @Override
  public void samples(List<TagSample> samples) {
    if (keepBatches) {
      batches.add(samples);
    }
    for (TagSample s : samples) {
      latest.put(s.tag(), s);
      counts.computeIfAbsent(s.tag(), t -> new LongAdder()).increment();
    }
  }

  @Override
  public void connected() {
    connected.incrementAndGet();
  }

  @Override
  public void disconnected(String reason) {
    disconnected.incrementAndGet();
    reasons.add(reason);
  }

  long count(String tag) {
    LongAdder adder = counts.get(tag);
    return adder == null ? 0 : adder.sum();
  }

  long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  String lastReason() {
    return reasons.isEmpty() ? "" : reasons.get(reasons.size() - 1);
  }
}
