package io.millwright.alarms.anomaly;

import io.millwright.core.alarm.AnomalySpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the detector of an anomaly alarm from its definition: one detector per alarm, since each
 * learns its own machine.
 */
public final class AnomalyDetectors {

  /** The models shipped with Millwright, for {@code model: builtin:<name>}. */
  public static final List<String> BUILTIN_MODELS = List.of("cnc-bearing");

  private AnomalyDetectors() {}

  /**
   * A new detector for the definition. A model is loaded and checked here, so that a model that
   * cannot work stops the configuration from loading rather than failing on the first sample.
   *
   * <p>A detector that is {@link AutoCloseable} (the model detector holds a native session) must be
   * closed when its alarm goes away or the role stops.
   *
   * @param baseDirectory what a model's file path is relative to: the working directory
   * @throws io.millwright.core.machine.DefinitionException on {@code anomaly.model} for a missing
   *     model, a file that is not ONNX, or a model whose input or output does not fit the
   *     definition
   */
  public static AnomalyDetector create(AnomalySpec spec, Path baseDirectory) {
    return switch (spec) {
      case AnomalySpec.Ewma e -> new EwmaDetector(e);
      case AnomalySpec.Seasonal s -> new SeasonalDetector(s);
      case AnomalySpec.Model m -> OnnxDetector.load(m, baseDirectory);
    };
  }
}
