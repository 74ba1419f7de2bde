package io.millwright.uns.sparkplug.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a host knows of one born device (or of the edge node's own metrics): its metrics. */
final class DeviceRecord {
  final DeviceKey key;
  boolean born;
  private AliasTable aliases = new AliasTable(16);
  private final Map<String, MetricInfo> byName = new HashMap<>();

  DeviceRecord(DeviceKey key) {
    this.key = key;
  }

  /** Forgets the previous birth's metrics; a birth always declares all of them. */
  void rebirth(int expectedMetrics) {
    aliases = new AliasTable(expectedMetrics);
    byName.clear();
    born = true;
  }

  void declare(MetricInfo info, boolean hasAlias, long alias) {
    byName.put(info.name, info);
    if (hasAlias) {
      aliases.put(alias, info);
    }
  }

  MetricInfo byAlias(long alias) {
    return aliases.get(alias);
  }

  MetricInfo byName(String name) {
    return byName.get(name);
  }

  List<MetricInfo> metrics() {
    return new ArrayList<>(byName.values());
  }
}
