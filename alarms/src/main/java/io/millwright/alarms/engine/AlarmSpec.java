package io.millwright.alarms.engine;

import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.alarm.AlarmPriority;

/**
 * One alarm the site has: a definition's point on one machine, with where it is routed.
 *
 * @param area the area the alarm is routed to (the definition's, else the machine's)
 * @param line the machine's line
 * @param unit the unit of the definition's tag, for messages; empty when it reads no tag
 */
public record AlarmSpec(
    String machine,
    String area,
    String line,
    AlarmDefinition definition,
    AlarmDefinition.Point point,
    String unit) {

  /** {@code machine/alarm}: unique per site. */
  public String id() {
    return machine + "/" + point.name();
  }

  public String name() {
    return point.name();
  }

  public AlarmPriority priority() {
    return point.priority();
  }

  /** The kind, as written: the level for limit alarms ({@code high-high}), else the key. */
  public String kind() {
    return point.level().map(AlarmCondition.Level::suffix).orElse(definition.condition().key());
  }
}
