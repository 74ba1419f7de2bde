package io.millwright.connect.mqtt;

import io.millwright.connect.MachineLink;
import io.millwright.core.sample.Sample;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A machine link that keeps what the connector told it, for assertions. */
final class RecordingLink implements MachineLink {

  final List<List<TagSample>> batches = new CopyOnWriteArrayList<>();
  final Map<String, Sample> latest = new ConcurrentHashMap<>();
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void samples(List<TagSample> samples) {
    batches.add(List.copyOf(samples));
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

  Sample latest(String tag) {
    return latest.get(tag);
  }

  void clear() {
    batches.clear();
    latest.clear();
  }
}
