package io.millwright.connect.sql;

import io.millwright.connect.MachineLink;
import io.millwright.core.sample.Sample;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A machine link that keeps what the connector told it, in order, for assertions. */
final class RecordingLink implements MachineLink {

  final List<TagSample> samples = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  private final long millisPerBatch;

  RecordingLink() {
    this(0);
  }

  /**
   * @param millisPerBatch how long each delivery takes: a slow consumer, so that a test can stop
   *     the connector mid-stream however fast the database answers
   */
  RecordingLink(long millisPerBatch) {
    this.millisPerBatch = millisPerBatch;
  }

  @Override
  public void samples(List<TagSample> batch) {
    samples.addAll(batch);
    if (millisPerBatch > 0) {
      try {
        Thread.sleep(millisPerBatch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void connected() {
    events.add("connected");
  }

  @Override
  public void disconnected(String reason) {
    events.add("disconnected: " + reason);
  }

  /** The samples of one tag, in the order delivered. */
  List<Sample> of(String tag) {
    return samples.stream().filter(s -> s.tag().equals(tag)).map(TagSample::sample).toList();
  }

  /** The values of one tag's Good samples, as text, in the order delivered. */
  List<String> goodValues(String tag) {
    return of(tag).stream()
        .filter(s -> s.quality().isGood())
        .map(s -> s.value().toString())
        .toList();
  }
}
