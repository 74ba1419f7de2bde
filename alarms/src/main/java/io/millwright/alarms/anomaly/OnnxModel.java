package io.millwright.alarms.anomaly;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.time.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ONNX model checked against the definition that uses it, so that a model that cannot work is
 * refused when the configuration loads, with a reason, rather than failing on the first sample.
 *
 * <p>A model fits when it has one input of floats shaped {@code [1, window × inputs]} (either
 * dimension may be left free: a batch, or a model that takes any window) and one output of a single
 * float. A model may also say in its metadata which tags it reads ({@code millwright.inputs},
 * comma-separated), its window ({@code millwright.window}) and step ({@code millwright.step}); when
 * it does, the definition must agree: its weights are in steps of that length, and the shape alone
 * cannot tell 30 steps of 3 tags from 45 steps of 2.
 */
final class OnnxModel {

  /** Where the models shipped with Millwright are, on the classpath. */
  static final String BUILTIN_PREFIX = "builtin:";

  static final String BUILTIN_FOLDER = "/io/millwright/alarms/anomaly/models/";

  private static final String FIELD = "anomaly.model";
  private static final Pattern BUILTIN_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** One environment for the process, as ONNX Runtime wants: it owns the native thread pools. */
  static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  private OnnxModel() {}

  /**
   * Opens the definition's model and checks it fits.
   *
   * @return the open session, which the caller closes
   * @throws DefinitionException on field {@code anomaly.model} when the model is missing, is not an
   *     ONNX model or does not fit the definition
   */
  static Loaded open(AnomalySpec.Model spec, Path baseDirectory) {
    String name = name(spec.model());
    byte[] bytes = read(spec.model(), baseDirectory);
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // One sample-rate model per alarm: one thread each is plenty and keeps an edge box calm.
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = ENVIRONMENT.createSession(bytes, options);
    } catch (OrtException e) {
      throw new DefinitionException(
          FIELD,
          "model " + name + " is not an ONNX model ONNX Runtime can load: " + e.getMessage());
    }
    try {
      String input = check(name, session, spec);
      return new Loaded(name, session, input);
    } catch (RuntimeException | OrtException e) {
      close(session);
      if (e instanceof DefinitionException d) {
        throw d;
      }
      throw new DefinitionException(FIELD, "model " + name + " cannot be read: " + e.getMessage());
    }
  }

  /** An open session and the name of its one input. */
  record Loaded(String name, OrtSession session, String input) {}

  private static String check(String name, OrtSession session, AnomalySpec.Model spec)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (inputs.size() != 1) {
      throw refused(
          "model " + name + " has " + inputs.size() + " inputs; a model must take one window");
    }
    NodeInfo in = inputs.values().iterator().next();
    int given = spec.window() * spec.inputs().size();
    if (!(in.getInfo() instanceof TensorInfo t)
        || t.type != OnnxJavaType.FLOAT
        || t.getShape().length != 2
        || !(t.getShape()[0] == 1 || t.getShape()[0] == -1)) {
      throw refused(
          "model "
              + name
              + "'s input is "
              + in.getInfo()
              + "; it must be floats shaped [1, "
              + given
              + "]");
    }
    Map<String, String> meta = session.getMetadata().getCustomMetadata();
    long expected = t.getShape()[1];
    // A free length (-1) is a model that takes any window; only a fixed one can be checked.
    if (expected != -1 && expected != given) {
      throw refused(
          "model "
              + name
              + " expects "
              + expected
              + " inputs"
              + trained(meta).map(s -> " (" + s + ")").orElse("")
              + ", the definition gives "
              + given
              + " ("
              + steps(spec.window(), spec.inputs().size())
              + ")");
    }
    checkMetadata(name, meta, spec);
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    NodeInfo out = outputs.isEmpty() ? null : outputs.values().iterator().next();
    if (outputs.size() != 1
        || !(out.getInfo() instanceof TensorInfo o)
        || o.type != OnnxJavaType.FLOAT
        || !single(o.getShape())) {
      throw refused(
          "model "
              + name
              + " must give one float score, it gives "
              + (out == null
                  ? "nothing"
                  : outputs.size() + " output(s), the first " + out.getInfo()));
    }
    return in.getName();
  }

  /** The window and tags the model says it was trained on, when it says. */
  private static void checkMetadata(String name, Map<String, String> meta, AnomalySpec.Model spec) {
    String tags = meta.get("millwright.inputs");
    if (tags != null) {
      List<String> trainedOn = List.of(tags.split(","));
      if (trainedOn.size() != spec.inputs().size()) {
        throw refused(
            "model "
                + name
                + " reads "
                + trainedOn.size()
                + " tags ("
                + String.join(", ", trainedOn)
                + "), the definition gives "
                + spec.inputs().size());
      }
    }
    String window = meta.get("millwright.window");
    if (window != null && !window.equals(Integer.toString(spec.window()))) {
      throw refused(
          "model "
              + name
              + " was trained on a window of "
              + window
              + " steps, the definition gives "
              + spec.window());
    }
    String step = meta.get("millwright.step");
    if (step != null) {
      Duration trained;
      try {
        trained = Durations.parse(step);
      } catch (RuntimeException e) {
        throw refused("model " + name + "'s metadata gives a step that is not a duration: " + step);
      }
      if (!trained.equals(spec.step())) {
        throw refused(
            "model "
                + name
                + " was trained on a step of "
                + Durations.format(trained)
                + ", the definition gives "
                + Durations.format(spec.step())
                + ": its weights are in steps");
      }
    }
  }

  private static Optional<String> trained(Map<String, String> meta) {
    String tags = meta.get("millwright.inputs");
    String window = meta.get("millwright.window");
    if (tags == null || window == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(steps(Integer.parseInt(window), tags.split(",").length));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String steps(int window, int tags) {
    return window + " steps × " + tags + (tags == 1 ? " tag" : " tags");
  }

  /** Whether a shape holds one value: every dimension 1, or free (a batch of one). */
  private static boolean single(long[] shape) {
    for (long d : shape) {
      if (d != 1 && d != -1) {
        return false;
      }
    }
    return true;
  }

  /** The model's name in messages: the built-in name or the path as written. */
  static String name(String model) {
    return model.startsWith(BUILTIN_PREFIX) ? model.substring(BUILTIN_PREFIX.length()) : model;
  }

  private static byte[] read(String model, Path baseDirectory) {
    if (model.startsWith(BUILTIN_PREFIX)) {
      String builtin = model.substring(BUILTIN_PREFIX.length());
      if (!BUILTIN_NAME.matcher(builtin).matches()) {
        throw refused("\"" + builtin + "\" is not the name of a built-in model");
      }
      try (InputStream in =
          OnnxModel.class.getResourceAsStream(BUILTIN_FOLDER + builtin + ".onnx")) {
        if (in == null) {
          throw refused(
              "there is no built-in model "
                  + builtin
                  + "; the built-in models are "
                  + String.join(", ", AnomalyDetectors.BUILTIN_MODELS));
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw refused("built-in model " + builtin + " cannot be read: " + e.getMessage());
      }
    }
    Path file = baseDirectory.resolve(model).toAbsolutePath().normalize();
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw refused("model file " + file + " does not exist");
    } catch (IOException e) {
      throw refused("model file " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static DefinitionException refused(String problem) {
    return new DefinitionException(FIELD, problem);
  }

  static void close(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing to do about a session that will not close: the process keeps going.
    }
  }
}
