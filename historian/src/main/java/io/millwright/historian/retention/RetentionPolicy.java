package io.millwright.historian.retention;

import java.util.Optional;

/**
 * What the historian keeps: raw samples per tag pattern, and rollups kept at least as long as any
 * raw sample (a rollup kept shorter than the raw data it sums up would never be read).
 */
public record RetentionPolicy(RawRetention raw, Optional<RollupLevel> rollup) {

  public static final RetentionPolicy DEFAULT =
      new RetentionPolicy(RawRetention.DEFAULT, Optional.of(RollupLevel.DEFAULT));

  /**
   * @throws IllegalArgumentException when a raw rule keeps samples longer than the rollups
   */
  public RetentionPolicy {
    if (rollup.isPresent()) {
      Age keep = rollup.get().keep();
      for (RetentionRule rule : raw.rules()) {
        if (rule.age().compareTo(keep) > 0) {
          throw new IllegalArgumentException(
              "rule "
                  + rule
                  + " keeps raw samples longer than the rollups are kept ("
                  + rollup.get()
                  + "); raise the rollups' age or shorten the rule");
        }
      }
    }
  }
}
