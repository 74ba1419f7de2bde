package io.millwright.alarms.anomaly;

/**
 * One streaming anomaly detector for one alarm. Fed on the alarm engine's thread, in time order per
 * input, so implementations need no locking; {@link #observe} runs for every sample and must not
 * allocate on its usual path.
 *
 * <p>Made by {@link AnomalyDetectors#create}; a detector that is also {@link AutoCloseable} (a
 * model holds a native ONNX Runtime session) is closed by whoever made it when its alarm goes away.
 */
public interface AnomalyDetector {

  /** How many tags it reads (the definition's tag, or a model's inputs in their order). */
  int inputs();

  /**
   * One Good numeric sample of one input.
   *
   * @param input the index of the tag among {@link #inputs()}
   * @return the verdict after this sample
   */
  Verdict observe(int input, long timeMillis, double value);

  /**
   * The latest score, for the alarm's message: a z-score for the statistical detectors, the model's
   * output for a model.
   */
  double score();
}
