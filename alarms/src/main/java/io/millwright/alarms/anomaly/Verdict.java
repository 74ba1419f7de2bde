package io.millwright.alarms.anomaly;

/** What a detector makes of the values so far. */
public enum Verdict {
  /** Still learning what normal is: never an alarm. */
  LEARNING,
  NORMAL,
  ANOMALOUS
}
