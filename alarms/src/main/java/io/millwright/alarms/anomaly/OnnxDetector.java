package io.millwright.alarms.anomaly;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.millwright.core.alarm.AnomalySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * An ONNX model that scores a window of several tags, trained offline on what normal looks like.
 *
 * <p>The tags are sampled and held onto a grid of the definition's {@code step} (see {@link
 * StepWindow}); once a whole window of steps is there and every tag has reported, the model runs
 * once per step, not once per sample, on {@code [1, window × inputs]} floats (oldest step first,
 * tags interleaved in the definition's order). Its one output is the score; above the threshold is
 * ANOMALOUS. Until the window is full the verdict is LEARNING; after a silence of all tags (a
 * machine offline, see {@link StepWindow#gapMillis()}) the window starts again and so does
 * LEARNING. NaN and infinite values are ignored.
 *
 * <p>Holds a native ONNX Runtime session: {@link #close} it when the alarm goes away or the role
 * stops. The model's input lives in one direct buffer that the input tensor shares, so a step costs
 * one model run and no copy; a sample that closes no step costs no allocation.
 */
public final class OnnxDetector implements AnomalyDetector, AutoCloseable {

  private final String name;
  private final int inputs;
  private final double threshold;
  private final OrtSession session;
  private final StepWindow window;
  private final FloatBuffer buffer;
  private final OnnxTensor tensor;
  private final Map<String, OnnxTensor> feed;
  private double score = Double.NaN;
  private Verdict verdict = Verdict.LEARNING;

  /**
   * Loads the definition's model.
   *
   * @param baseDirectory what a model's file path is relative to: the working directory
   * @throws io.millwright.core.machine.DefinitionException on {@code anomaly.model} when the model
   *     is missing, is not ONNX or does not fit the definition
   */
  public static OnnxDetector load(AnomalySpec.Model spec, Path baseDirectory) {
    OnnxModel.Loaded model = OnnxModel.open(spec, baseDirectory);
    try {
      return new OnnxDetector(spec, model);
    } catch (OrtException e) {
      OnnxModel.close(model.session());
      throw new IllegalStateException(
          "model " + model.name() + ": ONNX Runtime cannot make its input: " + e.getMessage(), e);
    }
  }

  private OnnxDetector(AnomalySpec.Model spec, OnnxModel.Loaded model) throws OrtException {
    this.name = model.name();
    this.inputs = spec.inputs().size();
    this.threshold = spec.threshold();
    this.session = model.session();
    this.window = new StepWindow(inputs, spec.window(), spec.step().toMillis());
    int size = inputs * spec.window();
    this.buffer =
        ByteBuffer.allocateDirect(size * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    this.tensor = OnnxTensor.createTensor(OnnxModel.ENVIRONMENT, buffer, new long[] {1, size});
    this.feed = Map.of(model.input(), tensor);
  }

  @Override
  public int inputs() {
    return inputs;
  }

  /**
   * @throws IllegalStateException when the model fails to run (it loaded and fitted its definition,
   *     so this is a broken installation, not a plant condition)
   */
  @Override
  public Verdict observe(int input, long timeMillis, double value) {
    if (input < 0 || input >= inputs) {
      throw new IndexOutOfBoundsException("input " + input + " of " + inputs);
    }
    if (!Double.isFinite(value)) {
      return verdict;
    }
    boolean newStep = window.add(input, timeMillis, value);
    if (!window.ready()) {
      score = Double.NaN;
      verdict = Verdict.LEARNING;
    } else if (newStep) {
      score = run();
      verdict = score > threshold ? Verdict.ANOMALOUS : Verdict.NORMAL;
    }
    return verdict;
  }

  /** The model's latest output: for the shipped bearing model, degC above the expected. */
  @Override
  public double score() {
    return score;
  }

  /** The model's name, for messages. */
  public String model() {
    return name;
  }

  private double run() {
    // The tensor shares the buffer: filling it is all it takes to give the model the new window.
    window.copyTo(buffer);
    try (OrtSession.Result result = session.run(feed)) {
      OnnxValue out = result.get(0);
      return ((OnnxTensor) out).getFloatBuffer().get(0);
    } catch (OrtException e) {
      throw new IllegalStateException("model " + name + " failed to run: " + e.getMessage(), e);
    }
  }

  /** Frees the native session and the input tensor. */
  @Override
  public void close() {
    tensor.close();
    OnnxModel.close(session);
  }
}
