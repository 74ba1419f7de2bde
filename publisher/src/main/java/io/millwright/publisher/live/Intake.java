package io.millwright.publisher.live;

import io.millwright.core.namespace.UnsPath;
import io.millwright.publisher.batch.SiteEvent;
import io.millwright.publisher.batch.TagReading;
import io.millwright.uns.mirror.MachinePlacement;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the publisher takes from the namespace, on the MQTT threads: machine samples (as a Sparkplug
 * host) become readings with their full tag path, events wait with the acknowledgement their
 * message is owed. Both queues are bounded: when the buffer cannot keep up, delivery blocks, and
 * MQTT pushes back rather than anything being dropped.
 */
final class Intake implements SparkplugListener {

  /** An event and what acknowledges its MQTT message once it is sealed into the buffer. */
  record PendingEvent(SiteEvent event, Runnable acknowledge) {}

  static final int READING_QUEUE = 200_000;
  static final int EVENT_QUEUE = 10_000;

  final BlockingQueue<TagReading> readings = new ArrayBlockingQueue<>(READING_QUEUE);
  final BlockingQueue<PendingEvent> events = new ArrayBlockingQueue<>(EVENT_QUEUE);
  private final String enterprise;
  private final String site;
  private final Map<String, MachinePlacement> machines;
  private final SiteSummary summary;
  private final LongAdder received = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  Intake(
      String enterprise, String site, Map<String, MachinePlacement> machines, SiteSummary summary) {
    this.enterprise = enterprise;
    this.site = site;
    this.machines = machines;
    this.summary = summary;
  }

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> samples) {
    if (device.isNode()) {
      return; // node metrics (bdSeq, Node Control/...) belong to no machine
    }
    MachinePlacement placement = machines.get(device.device());
    if (placement == null) {
      skipped.add(samples.size());
      return;
    }
    for (MetricSample m : samples) {
      TagReading reading;
      try {
        String tag =
            new UnsPath(
                    enterprise,
                    site,
                    placement.area(),
                    placement.line(),
                    device.device(),
                    m.metric())
                .toString();
        reading = new TagReading(tag, m.sample());
      } catch (IllegalArgumentException e) { // an invalid name, or a path too long
        skipped.increment();
        continue;
      }
      try {
        readings.put(reading);
        received.increment();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void onOnline(DeviceKey device) {
    if (!device.isNode() && machines.containsKey(device.device())) {
      summary.machineOnline(device.device(), true);
    }
  }

  @Override
  public void onOffline(DeviceKey device) {
    if (!device.isNode()) {
      summary.machineOnline(device.device(), false);
    }
  }

  void event(PendingEvent event) throws InterruptedException {
    events.put(event);
  }

  long received() {
    return received.sum();
  }

  /** Samples of devices the site does not place (not its machines) or with unusable names. */
  long skipped() {
    return skipped.sum();
  }
}
