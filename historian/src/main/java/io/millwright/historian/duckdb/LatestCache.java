package io.millwright.historian.duckdb;

import io.millwright.historian.store.StoredSample;
import java.util.Arrays;

/**
 * The newest sample per tag id, in memory: rebuilt on open from the {@code latest_snapshot} table
 * and the inbox, updated after each commit, so "latest of 1,000 tags" costs 1,000 array reads
 * rather than a query, and an append pays nothing for it in the database.
 *
 * <p>Indexed by tag id: ids are dense small integers handed out by the tag dictionary. Not
 * thread-safe: the store calls it under its lock.
 */
final class LatestCache {

  private StoredSample[] byTag = new StoredSample[1024];

  /** Keeps the sample if it is newer than the one held; an equal timestamp keeps the first. */
  void offer(int tag, StoredSample sample) {
    if (tag >= byTag.length) {
      byTag = Arrays.copyOf(byTag, Math.max(tag + 1, byTag.length * 2));
    }
    StoredSample held = byTag[tag];
    if (held == null || sample.timestamp() > held.timestamp()) {
      byTag[tag] = sample;
    }
  }

  StoredSample get(int tag) {
    return tag < byTag.length ? byTag[tag] : null;
  }

  /** The tag ids that have a sample, with it. */
  void forEach(Entry entry) throws java.sql.SQLException {
    for (int tag = 0; tag < byTag.length; tag++) {
      if (byTag[tag] != null) {
        entry.accept(tag, byTag[tag]);
      }
    }
  }

  interface Entry {
    void accept(int tag, StoredSample sample) throws java.sql.SQLException;
  }
}
