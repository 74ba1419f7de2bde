package io.millwright.core.alarm;

import io.millwright.core.machine.DefinitionException;
import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import java.time.Duration;
import java.util.List;

/**
 * How an anomaly detector learns what normal is. The first two need no training; {@link Model} runs
 * an ONNX model trained offline.
 */
public sealed interface AnomalySpec {

  /**
   * Exponentially weighted mean and variance of one tag; anomalous when a value is more than {@code
   * z} standard deviations from the mean, after {@code warmUp} samples.
   *
   * @param alpha weight of the newest sample, in (0, 1)
   */
  record Ewma(double alpha, double z, int warmUp) implements AnomalySpec {
    public Ewma {
      if (!(alpha > 0 && alpha < 1)) {
        throw new DefinitionException("anomaly.alpha", "must be between 0 and 1, not " + alpha);
      }
      requireZ(z);
      if (warmUp < 2) {
        throw new DefinitionException("anomaly.warmUp", "must be at least 2 samples");
      }
    }
  }

  /**
   * A baseline per slot of a repeating period (a time of day, a day of the week): a value is
   * compared with the mean and deviation of its own slot, learnt over {@code warmUp} periods.
   */
  record Seasonal(Duration period, int slots, double z, int warmUp) implements AnomalySpec {
    public Seasonal {
      if (period == null || period.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new DefinitionException("anomaly.period", "must be at least 1m");
      }
      if (slots < 1 || slots > 10_080) {
        throw new DefinitionException("anomaly.slots", "must be between 1 and 10080");
      }
      if (period.toMillis() / slots < 1_000) {
        throw new DefinitionException("anomaly.slots", "a slot must be at least 1s long");
      }
      requireZ(z);
      if (warmUp < 1) {
        throw new DefinitionException("anomaly.warmUp", "must be at least 1 period");
      }
    }
  }

  /**
   * An ONNX model that scores a window of several tags, sampled every {@code step}: its input is
   * {@code [1, window * inputs.size()]} floats (oldest first, tags interleaved in the order given),
   * its output one score; above {@code threshold} is anomalous.
   *
   * @param model a file path, relative to the working directory, or {@code builtin:<name>} for a
   *     model shipped with Millwright
   */
  record Model(String model, List<String> inputs, int window, Duration step, double threshold)
      implements AnomalySpec {
    public Model {
      if (model == null || model.isBlank()) {
        throw new DefinitionException("anomaly.model", "is missing");
      }
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
      if (inputs.isEmpty()) {
        throw new DefinitionException("anomaly.inputs", "needs at least one tag");
      }
      for (int i = 0; i < inputs.size(); i++) {
        try {
          Names.requireTagPath("tag path", inputs.get(i));
        } catch (InvalidNameException e) {
          throw new DefinitionException("anomaly.inputs[" + i + "]", e.getMessage());
        }
      }
      if (window < 1 || window > 1_000) {
        throw new DefinitionException("anomaly.window", "must be between 1 and 1000 steps");
      }
      if (step == null || step.compareTo(Duration.ofMillis(100)) < 0) {
        throw new DefinitionException("anomaly.step", "must be at least 100ms");
      }
      if (!Double.isFinite(threshold) || threshold <= 0) {
        throw new DefinitionException("anomaly.threshold", "must be a number above 0");
      }
    }
  }

  private static void requireZ(double z) {
    if (!(z >= 1 && z <= 100)) {
      throw new DefinitionException("anomaly.z", "must be between 1 and 100, not " + z);
    }
  }
}
