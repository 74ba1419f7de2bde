package io.millwright.alarms.kpi;

import java.util.List;

/**
 * One area's alarm-rate figures over a range, against ISA-18.2's benchmarks (clause 16.5, table 6):
 * about one alarm per operator per 10 minutes is manageable, more than 10 is a flood, no alarm
 * should chatter and few should stand for more than a day.
 *
 * @param operators operators who answer the area's alarms (from the configuration, 1 by default)
 * @param alarms alarms raised in the range
 * @param perOperatorPer10Minutes the average rate per operator
 * @param peak10Minutes the most alarms raised in one 10-minute period
 * @param floodShare the share of 10-minute periods with more than 10 alarms per operator, 0 to 1
 * @param top the most frequent alarms, most first (at most 10)
 * @param chattering alarms raised 3 or more times within one minute
 * @param stale alarms active (shown) for more than 24 hours now
 */
public record AreaKpis(
    String area,
    int operators,
    long alarms,
    double perOperatorPer10Minutes,
    long peak10Minutes,
    double floodShare,
    List<Frequent> top,
    List<String> chattering,
    List<String> stale) {

  /**
   * @param share of the area's alarms, 0 to 1
   */
  public record Frequent(String alarm, long count, double share) {}
}
