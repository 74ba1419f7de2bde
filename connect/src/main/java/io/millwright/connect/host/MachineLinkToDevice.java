package io.millwright.connect.host;

import io.millwright.connect.MachineLink;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;

/**
 * Carries one connector's readings into its Sparkplug device. A polled machine's device is born
 * only once the first readings after a (re)connect are in, so that its DBIRTH carries real values
 * rather than nulls. A machine that reports only when something happens (a results table, a file
 * drop, its own MQTT messages) may stay silent for minutes: its device is born at the connect, with
 * the last values it had (or none), and the next report follows as data. A lost link sends DDEATH,
 * which hosts turn into Bad tags.
 */
final class MachineLinkToDevice implements MachineLink {

  private final DeviceHandle device;
  private final boolean reportsOnEvents;
  private final Object lock = new Object();
  // Guarded by lock: connected and waiting for the first samples to birth the device with.
  private boolean awaitingFirstSamples;

  /**
   * @param reportsOnEvents the machine reports when something happens rather than being polled
   */
  MachineLinkToDevice(DeviceHandle device, boolean reportsOnEvents) {
    this.device = device;
    this.reportsOnEvents = reportsOnEvents;
  }

  @Override
  public void samples(List<TagSample> samples) {
    synchronized (lock) {
      if (awaitingFirstSamples) {
        // While the device is offline the session keeps these as last values and the birth
        // carries them. Forced: an unchanged value must still be re-stated with its new read time,
        // or consumers would keep the Bad they recorded at the DDEATH, which is newer.
        device.publishForced(samples);
        awaitingFirstSamples = false;
        device.online();
      } else {
        device.publish(samples);
      }
    }
  }

  @Override
  public void connected() {
    synchronized (lock) {
      if (reportsOnEvents) {
        device.online();
      } else {
        awaitingFirstSamples = true;
      }
    }
  }

  @Override
  public void disconnected(String reason) {
    synchronized (lock) {
      awaitingFirstSamples = false;
      device.offline(reason);
    }
  }
}
