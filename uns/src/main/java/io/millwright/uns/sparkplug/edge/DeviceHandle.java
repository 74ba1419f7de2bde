package io.millwright.uns.sparkplug.edge;

import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.uns.sparkplug.MessageType;
import io.millwright.uns.sparkplug.SparkplugTopic;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device (machine) of an edge node, as its connector sees it: publish samples, say when the
 * machine link is down ({@link #offline}) or back ({@link #online}). Thread-safe.
 */
public final class DeviceHandle {

  private final EdgeNodeSession session;
  private final String id;
  private final Map<String, TagState> tags;
  private final Map<Long, TagState> byAlias;
  final CommandListener onCommand;
  final String birthTopic;
  final String dataTopic;
  final String deathTopic;

  // Guarded by the session lock.
  boolean born;
  boolean wantOnline = true;
  // Removed from its session: publishes are ignored, online/offline do nothing.
  boolean removed;

  DeviceHandle(
      EdgeNodeSession session,
      String group,
      String node,
      String id,
      List<Tag> tagList,
      long firstAlias,
      CommandListener onCommand) {
    this.session = session;
    this.id = id;
    this.onCommand = onCommand;
    this.birthTopic = SparkplugTopic.device(group, MessageType.DBIRTH, node, id).toString();
    this.dataTopic = SparkplugTopic.device(group, MessageType.DDATA, node, id).toString();
    this.deathTopic = SparkplugTopic.device(group, MessageType.DDEATH, node, id).toString();
    Map<String, TagState> byName = new LinkedHashMap<>();
    Map<Long, TagState> aliases = new HashMap<>();
    long alias = firstAlias;
    for (Tag tag : tagList) {
      TagState state = new TagState(tag, alias++);
      if (byName.put(tag.name(), state) != null) {
        throw new IllegalArgumentException(
            "device " + id + " lists the tag \"" + tag.name() + "\" twice");
      }
      aliases.put(state.alias, state);
    }
    this.tags = byName;
    this.byAlias = aliases;
  }

  public String deviceId() {
    return id;
  }

  /**
   * Publishes a sample if it is an exception: outside the tag's deadband (numbers) or changed
   * (others), or with another quality than the last one.
   *
   * @return whether it was accepted (sent, buffered, or kept as the last value of a device marked
   *     offline); false when report-by-exception held it back. A buffered sample is on disk
   *     (synced) when this returns.
   * @throws IllegalArgumentException for a tag the device was not registered with
   * @throws IllegalStateException when the sample had to be buffered and the buffer cannot write to
   *     disk
   */
  public boolean publish(String tag, Sample sample) {
    return session.accept(this, List.of(new TagSample(tag, sample)), false) == 1;
  }

  /** Publishes a sample whatever report-by-exception says, e.g. on a periodic refresh. */
  public boolean publishForced(String tag, Sample sample) {
    return session.accept(this, List.of(new TagSample(tag, sample)), true) == 1;
  }

  /**
   * Publishes the exceptions among several samples in one DDATA.
   *
   * @return how many were sent or buffered
   */
  public int publish(List<TagSample> samples) {
    return session.accept(this, samples, false);
  }

  /**
   * Publishes every sample whatever report-by-exception says: fresh readings after a reconnect, so
   * that the next DBIRTH carries them with the time they were read rather than the values from
   * before the outage (which consumers have since marked Bad at the time of the DDEATH).
   *
   * @return how many were sent, buffered or kept as last values
   */
  public int publishForced(List<TagSample> samples) {
    return session.accept(this, samples, true);
  }

  /** The machine link is down: sends DDEATH, so hosts mark this device's tags Bad. */
  public void offline(String reason) {
    session.deviceOffline(this, reason);
  }

  /** The machine link is back: sends DBIRTH with the last values. */
  public void online() {
    session.deviceOnline(this);
  }

  TagState tag(String name) {
    return tags.get(name);
  }

  TagState tagByAlias(long alias) {
    return byAlias.get(alias);
  }

  Collection<TagState> tags() {
    return tags.values();
  }

  int tagCount() {
    return tags.size();
  }
}
