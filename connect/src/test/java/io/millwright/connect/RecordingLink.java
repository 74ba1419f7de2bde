package io.millwright.connect;

import io.millwright.core.sample.Sample;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A machine link that keeps what the connector told it, for assertions (any protocol). */
public final class RecordingLink implements MachineLink {

  public final List<List<TagSample>> batches = new CopyOnWriteArrayList<>();
  public final Map<String, Sample> latest = new ConcurrentHashMap<>();
  public final List<String> events = new CopyOnWriteArrayList<>();

  private final boolean keepBatches;

  public RecordingLink() {
    this(true);
  }

  /**
   * @param keepBatches false for long runs, where only the latest values and events matter
   */
  public RecordingLink(boolean keepBatches) {
    this.keepBatches = keepBatches;
  }

  @Override
  public void samples(List<TagSample> samples) {
    if (keepBatches) {
      batches.add(List.copyOf(samples));
    }
    samples.forEach(s -> latest.put(s.tag(), s.sample()));
  }

  @Override
  public void connected() {
    events.add("connected");
  }

  @Override
  public void disconnected(String reason) {
    events.add("disconnected: " + reason);
  }

  public Sample latest(String tag) {
    return latest.get(tag);
  }

  public void clear() {
    batches.clear();
    latest.clear();
  }
}
