package io.millwright.uns.sparkplug.host;

/**
 * Where samples come from: group (site), edge node (connector host) and device (machine id). The
 * edge node's own metrics have an empty device.
 */
public record DeviceKey(String group, String node, String device) {

  public DeviceKey {
    device = device == null ? "" : device;
  }

  public boolean isNode() {
    return device.isEmpty();
  }

  @Override
  public String toString() {
    return group + '/' + node + (device.isEmpty() ? "" : '/' + device);
  }
}
