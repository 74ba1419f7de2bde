package io.millwright.historian.retention;

import io.millwright.historian.store.SampleStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Expires what the policy no longer keeps. A tag's raw samples go once they are older than its
 * rule's age, counted in whole UTC days (the time is rounded down to midnight, so nothing newer
 * than the rule allows is deleted, and on PostgreSQL whole daily partitions can go), and never
 * before they are rolled up: while rollups lag behind, raw samples wait. Rollup buckets go once
 * they are older than the rollups' age.
 */
final class RetentionJob {

  private final SampleStore store;
  private final RetentionPolicy policy;

  RetentionJob(SampleStore store, RetentionPolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  /**
   * @return the raw samples deleted
   */
  long expireRaw(long now) {
    Optional<RollupLevel> rollup = policy.rollup();
    long rolledUpTo = Long.MAX_VALUE;
    if (rollup.isPresent()) {
      OptionalLong watermark = store.rollupWatermark(rollup.get().width());
      if (watermark.isEmpty()) {
        return 0;
      }
      rolledUpTo = watermark.getAsLong();
    }
    Map<String, Long> keepFrom = new HashMap<>();
    for (String tag : store.tags("#", Integer.MAX_VALUE)) {
      Age age = policy.raw().ruleFor(tag).age();
      if (!age.isForever()) {
        keepFrom.put(tag, midnight(Math.min(age.keptFrom(now), rolledUpTo)));
      }
    }
    return keepFrom.isEmpty() ? 0 : store.expireRaw(keepFrom);
  }

  /**
   * @return the rollup buckets deleted
   */
  long expireRollups(long now) {
    Optional<RollupLevel> rollup = policy.rollup();
    if (rollup.isEmpty() || rollup.get().keep().isForever()) {
      return 0;
    }
    return store.expireRollups(rollup.get().bucketOf(rollup.get().keep().keptFrom(now)));
  }

  private static long midnight(long time) {
    return Math.floorDiv(time, Age.DAY) * Age.DAY;
  }
}
