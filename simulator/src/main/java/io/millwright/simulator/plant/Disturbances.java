package io.millwright.simulator.plant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What stops a producing machine, and how often: micro-stops of a few seconds, longer stops with a
 * reason, and faults with repair times. Each kind of stop strikes at random with a mean time
 * between occurrences counted in producing time; one draw per step decides whether any strikes.
 */
final class Disturbances {

  /**
   * One kind of stop.
   *
   * @param meanBetweenMillis mean producing time between two of them
   */
  record Stop(ReasonCode reason, long meanBetweenMillis, long minMillis, long maxMillis) {

    /** A duration between min and max, whole steps, so ground-truth durations stay exact. */
    long duration(SplittableRandom rnd) {
      long d = minMillis + (long) (rnd.nextDouble() * (maxMillis - minMillis));
      return Math.max(Plant.STEP_MILLIS, d - d % Plant.STEP_MILLIS);
    }
  }

  private static final long S = 1_000;
  private static final long MIN = 60 * S;
  private static final long H = 60 * MIN;

  private final Stop[] stops;
  private final double[] cumulative;

  Disturbances(List<Stop> stops) {
    this.stops = stops.toArray(Stop[]::new);
    cumulative = new double[this.stops.length];
    double p = 0;
    for (int i = 0; i < this.stops.length; i++) {
      p += (double) Plant.STEP_MILLIS / this.stops[i].meanBetweenMillis();
      cumulative[i] = p;
    }
  }

  /** The stop that strikes in this step, or null (the usual answer). */
  Stop draw(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return stops[i];
      }
    }
    return null;
  }

  /** The stops every machine in the plant sees, plus those of its kind. */
  static Disturbances of(boolean hydraulic, boolean tools) {
    List<Stop> s = new ArrayList<>();
    // Micro-stops: a part jams on the conveyor, a light curtain trips; seconds, many per shift.
    s.add(new Stop(ReasonCode.DOWNSTREAM_BLOCKED, 10 * MIN, 2 * S, 10 * S));
    s.add(new Stop(ReasonCode.UPSTREAM_STARVED, 15 * MIN, 2 * S, 8 * S));
    s.add(new Stop(ReasonCode.UPSTREAM_STARVED, 3 * H, 2 * MIN, 8 * MIN));
    s.add(new Stop(ReasonCode.DOWNSTREAM_BLOCKED, 3 * H, 2 * MIN, 8 * MIN));
    s.add(new Stop(ReasonCode.MATERIAL_SHORTAGE, 8 * H, 5 * MIN, 25 * MIN));
    s.add(new Stop(ReasonCode.NO_OPERATOR, 10 * H, 3 * MIN, 15 * MIN));
    s.add(new Stop(ReasonCode.QUALITY_CHECK, 6 * H, 3 * MIN, 10 * MIN));
    s.add(new Stop(ReasonCode.MECHANICAL_FAULT, 20 * H, 15 * MIN, 60 * MIN));
    s.add(new Stop(ReasonCode.ELECTRICAL_FAULT, 30 * H, 10 * MIN, 40 * MIN));
    if (hydraulic) {
      s.add(new Stop(ReasonCode.HYDRAULIC_FAULT, 24 * H, 20 * MIN, 45 * MIN));
    }
    if (tools) {
      s.add(new Stop(ReasonCode.TOOL_CHANGE, 3 * H, 3 * MIN, 8 * MIN));
    }
    return new Disturbances(s);
  }
}
