package io.millwright.connect.host;

import io.millwright.connect.MachineLink;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;

/**
 * Carries one connector's readings into its Sparkplug device. The device is born only once the
 * first readings after a (re)connect are in, so that its DBIRTH carries real values rather than
 * nulls; a lost link sends DDEATH, which hosts turn into Bad tags.
 */
final class MachineLinkToDevice implements MachineLink {

  private final DeviceHandle device;
  private final Object lock = new Object();
  // Guarded by lock: connected and waiting for the first samples to birth the device with.
  private boolean awaitingFirstSamples;

  MachineLinkToDevice(DeviceHandle device) {
    this.device = device;
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
      awaitingFirstSamples = true;
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
