package io.millwright.simulator.plant;

import java.util.SplittableRandom;

/**
 * One measured process value: it follows its target with a first-order lag (a barrel heats up, a
 * spindle runs up), wanders slowly around it (mean-reverting, so it never runs away on its own) and
 * carries sensor noise on top. Injected drift comes from the tag table, not from here.
 */
final class ProcessVariable {

  /** How long the slow wander takes to forget itself: tens of minutes, like real plant drift. */
  private static final double WANDER_MILLIS = 20 * 60_000.0;

  private final int tag;
  private final double follow;
  private final double noise;
  private final double wanderStd;
  private final double floor;
  private final boolean relative;
  private double level;
  private double wander;

  /**
   * @param tag the tag it is served in
   * @param start the value at power-on
   * @param lagMillis time constant of the lag towards the target
   * @param noise standard deviation of the sensor noise
   * @param wanderStd standard deviation of the slow wander
   * @param floor lowest value the sensor reports (0 for forces, speeds, pressures)
   */
  ProcessVariable(
      int tag, double start, double lagMillis, double noise, double wanderStd, double floor) {
    this(tag, start, lagMillis, noise, wanderStd, floor, false);
  }

  /**
   * A value that is zero when the machine stops (force, speed, power): noise and wander are
   * fractions of the current level, so a stopped spindle reads 0 rpm and not sensor noise.
   */
  static ProcessVariable proportional(
      int tag, double lagMillis, double noiseFraction, double wanderFraction) {
    return new ProcessVariable(tag, 0, lagMillis, noiseFraction, wanderFraction, 0, true);
  }

  private ProcessVariable(
      int tag,
      double start,
      double lagMillis,
      double noise,
      double wanderStd,
      double floor,
      boolean relative) {
    this.relative = relative;
    this.tag = tag;
    this.level = start;
    this.follow = 1 - Math.exp(-Plant.STEP_MILLIS / lagMillis);
    this.noise = noise;
    this.wanderStd = wanderStd;
    this.floor = floor;
  }

  int tag() {
    return tag;
  }

  /** The lagged value without wander and noise. */
  double level() {
    return level;
  }

  /**
   * Moves one step towards {@code target}; {@code offset} is added after the lag (wear, faults).
   */
  void track(TagTable table, double target, double offset, SplittableRandom rnd) {
    level += follow * (target - level);
    if (target == 0 && Math.abs(level) < 1e-3) {
      level = 0; // run down: a stopped drive reads a clean zero, not an endless exponential tail
    }
    double a = Plant.STEP_MILLIS / WANDER_MILLIS;
    wander += -a * wander + wanderStd * Math.sqrt(2 * a) * rnd.nextGaussian();
    double scatter = wander + noise * rnd.nextGaussian();
    double measured = level + (relative ? level * scatter : scatter) + offset;
    table.setDouble(tag, Math.max(floor, measured));
  }

  void track(TagTable table, double target, SplittableRandom rnd) {
    track(table, target, 0, rnd);
  }
}
