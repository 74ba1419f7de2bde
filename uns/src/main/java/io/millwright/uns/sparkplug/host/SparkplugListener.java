package io.millwright.uns.sparkplug.host;

import java.util.List;

/**
 * What a host application does with the namespace's data. Called on the session's receiving thread,
 * one message at a time and in arrival order: an implementation should hand work off rather than
 * block. An exception thrown here is logged and counted; it does not stop the session.
 */
public interface SparkplugListener {

  /**
   * Samples of one device from one message: the values of a birth, the metrics of a DATA message,
   * or Bad {@code Bad_NotConnected} samples for every known metric when the device or its edge node
   * dies. The list is the caller's to keep.
   */
  void onSamples(DeviceKey device, List<MetricSample> samples);

  /** A device (or, with an empty device, an edge node) was born; its samples follow. */
  default void onOnline(DeviceKey device) {}

  /** A device or edge node died; its Bad samples came just before. */
  default void onOffline(DeviceKey device) {}
}
