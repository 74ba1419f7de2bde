package io.millwright.alarms.anomaly;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Several tags, each reported whenever it changes, turned into the regular table a model reads: one
 * row per step, one value per tag, the last value seen before the step's boundary (sample and
 * hold). Steps are fixed on the epoch: boundaries at whole multiples of the step.
 *
 * <p>A tag that is silent keeps its last value, as report-by-exception tags are silent while they
 * do not change. When no tag at all has reported for longer than {@link #gapMillis()} (the machine
 * or its link is down) the rows collected so far are dropped and every tag must report again: a
 * window that spans an outage would show the model a machine that never existed.
 *
 * <p>Arrays only: rows go into a ring, no allocation per sample. Not thread-safe.
 */
final class StepWindow {

  /** Steps without a sample of any tag after which the window starts again. */
  static final int GAP_STEPS = 5;

  /**
   * The shortest silence that restarts the window, whatever the step: on a fine grid (a second)
   * slow-changing tags reported by exception are legitimately quiet for longer than a few steps.
   */
  static final long MIN_GAP_MILLIS = 60_000;

  private final int inputs;
  private final int window;
  private final long stepMillis;
  private final long gapMillis;
  private final double[] held;
  private final boolean[] heard;
  private final float[] rows;
  private int heardCount;
  private int next;
  private int filled;
  private long step = Long.MIN_VALUE;
  private long lastSampleMillis;

  StepWindow(int inputs, int window, long stepMillis) {
    this.inputs = inputs;
    this.window = window;
    this.stepMillis = stepMillis;
    this.gapMillis = Math.max(GAP_STEPS * stepMillis, MIN_GAP_MILLIS);
    this.held = new double[inputs];
    this.heard = new boolean[inputs];
    this.rows = new float[inputs * window];
  }

  /**
   * Takes one sample. Steps that ended before it are closed first, each with the values held then.
   *
   * @return whether at least one step was closed, so the window has new rows
   */
  boolean add(int input, long timeMillis, double value) {
    long sampleStep = Math.floorDiv(timeMillis, stepMillis);
    boolean closed = false;
    if (step == Long.MIN_VALUE) {
      step = sampleStep;
    } else if (timeMillis - lastSampleMillis > gapMillis) {
      restart();
      step = sampleStep;
    } else if (sampleStep > step) {
      // More steps than the window holds would only overwrite each other: a gap is shorter anyway.
      long steps = Math.min(sampleStep - step, window);
      for (long i = 0; i < steps; i++) {
        closeStep();
      }
      step = sampleStep;
      closed = true;
    }
    // A sample a little older than the step (inputs are in time order each, not among each other)
    // belongs to the step in progress.
    held[input] = value;
    if (!heard[input]) {
      heard[input] = true;
      heardCount++;
    }
    lastSampleMillis = Math.max(lastSampleMillis, timeMillis);
    return closed;
  }

  /** Whether a whole window of rows is there and every tag has reported since the start. */
  boolean ready() {
    return filled == window && heardCount == inputs;
  }

  /** Copies the window into the model's input, oldest row first, tags interleaved. */
  void copyTo(FloatBuffer target) {
    target.clear();
    int width = inputs * window;
    int oldest = filled == window ? next : 0;
    for (int i = 0; i < filled * inputs; i++) {
      target.put(rows[(oldest * inputs + i) % width]);
    }
    target.flip();
  }

  long gapMillis() {
    return gapMillis;
  }

  /** A row of the held values; before every tag has reported the row is not worth keeping. */
  private void closeStep() {
    if (heardCount < inputs) {
      return;
    }
    int base = next * inputs;
    for (int i = 0; i < inputs; i++) {
      rows[base + i] = (float) held[i];
    }
    next = (next + 1) % window;
    filled = Math.min(window, filled + 1);
  }

  private void restart() {
    next = 0;
    filled = 0;
    heardCount = 0;
    Arrays.fill(heard, false);
  }
}
