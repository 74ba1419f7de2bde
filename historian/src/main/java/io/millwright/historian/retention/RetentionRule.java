package io.millwright.historian.retention;

import io.millwright.historian.store.TagFilter;

/**
 * Raw samples of the tags matching {@code pattern} are kept for {@code age}.
 *
 * @param pattern an MQTT-style tag pattern, {@code acme/+/+/+/vibration/#}
 */
public record RetentionRule(String pattern, Age age) {

  public RetentionRule {
    TagFilter.parse(pattern);
  }

  @Override
  public String toString() {
    return pattern + "=" + age;
  }
}
