package io.millwright.uns.sparkplug.host;

/**
 * Metric aliases of one device, resolved per metric of every DATA message: an open-addressing table
 * on primitive longs, so resolving an alias neither boxes nor allocates.
 */
final class AliasTable {

  private long[] keys;
  private MetricInfo[] values;
  private int size;

  AliasTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new MetricInfo[capacity];
  }

  MetricInfo get(long alias) {
    int mask = keys.length - 1;
    for (int i = index(alias, mask); ; i = (i + 1) & mask) {
      MetricInfo value = values[i];
      if (value == null || keys[i] == alias) {
        return value;
      }
    }
  }

  void put(long alias, MetricInfo info) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = index(alias, mask); ; i = (i + 1) & mask) {
      if (values[i] == null) {
        keys[i] = alias;
        values[i] = info;
        size++;
        return;
      }
      if (keys[i] == alias) {
        values[i] = info;
        return;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    MetricInfo[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new MetricInfo[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int index(long alias, int mask) {
    long h = alias * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
