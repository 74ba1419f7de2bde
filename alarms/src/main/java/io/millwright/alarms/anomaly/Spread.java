package io.millwright.alarms.anomaly;

/**
 * The standard deviation the statistical detectors judge against, never zero: a tag that has been
 * perfectly constant (a setpoint, a stopped drive's 0 rpm) would otherwise make the smallest change
 * an infinite z-score, and a value that only jitters in its last digit an alarm.
 */
final class Spread {

  /**
   * Lowest deviation, as a fraction of the mean's magnitude: 0.1 % of the value, the resolution of
   * an ordinary plant sensor.
   */
  static final double RELATIVE_FLOOR = 1e-3;

  /** Lowest deviation of a value whose mean is (near) zero, in the tag's own unit. */
  static final double ABSOLUTE_FLOOR = 1e-6;

  private Spread() {}

  /** The deviation to judge with, from a variance and the mean it is around. */
  static double sigma(double variance, double mean) {
    return Math.max(
        Math.sqrt(Math.max(0, variance)),
        Math.max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * Math.abs(mean)));
  }

  /**
   * How far an anomalous value may pull a mean: to the edge of the normal band, so one wild reading
   * (or the first minutes of a real fault) moves the baseline by at most the band's width times the
   * learning weight, and a lasting new level is accepted only gradually.
   */
  static double clamp(double value, double mean, double band) {
    return Math.max(mean - band, Math.min(mean + band, value));
  }
}
