package io.millwright.bench;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import java.util.List;

/** Millwright's own stores under the peer harness: appends and queries go through the store SPI. */
abstract class SampleStorePeer implements HistorianPeer {

  private final SampleStore store;

  SampleStorePeer(SampleStore store) {
    this.store = store;
  }

  @Override
  public void append(List<StoredSample> batch) {
    store.append(batch);
  }

  /** The store takes MQTT-style filters: a prefix of whole levels is {@code prefix/#}. */
  @Override
  public int latest(String prefix) {
    return store.latest(prefix + "#", Integer.MAX_VALUE).size();
  }

  @Override
  public int aggregate(String tag, long fromMillis, long toMillis, long bucketMillis) {
    return store.aggregate(tag, fromMillis, toMillis, bucketMillis).size();
  }

  @Override
  public int raw(String tag, long fromMillis, long toMillis) {
    return store.raw(tag, fromMillis, toMillis, 100_000).size();
  }

  @Override
  public void close() {
    store.close();
  }
}
