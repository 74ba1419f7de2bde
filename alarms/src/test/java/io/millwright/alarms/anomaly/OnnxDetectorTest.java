package io.millwright.alarms.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.alarm.AnomalySpec;
import io.millwright.core.machine.DefinitionException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped bearing model and the model detector, loaded through the real ONNX Runtime. */
class OnnxDetectorTest {

  static final long SECOND = 1_000;
  static final long MINUTE = 60 * SECOND;
  static final List<String> BEARING_TAGS =
      List.of("spindle/speed", "spindle/load", "spindle/bearing-temperature");

  /** As the demo configures cnc-01 and cnc-02. */
  static final AnomalySpec.Model BEARING =
      new AnomalySpec.Model("builtin:cnc-bearing", BEARING_TAGS, 30, Duration.ofMinutes(1), 5);

  /** The test models of alarms/model/make-test-models.py. */
  static Path testModels() throws URISyntaxException {
    return Path.of(OnnxDetectorTest.class.getResource("two-scores.onnx").toURI()).getParent();
  }

  /**
   * A machining centre cutting steadily at 12000 rpm: its bearing settles at 46 degC when healthy.
   * Feeds every tag once a second for {@code minutes} and returns the verdicts seen.
   */
  static Set<Verdict> runSteadily(OnnxDetector d, long from, int minutes, double extraHeat) {
    SplittableRandom rnd = new SplittableRandom(11);
    Set<Verdict> seen = EnumSet.noneOf(Verdict.class);
    for (long t = from; t < from + minutes * MINUTE; t += SECOND) {
      seen.add(d.observe(0, t, 12_000 + 20 * rnd.nextGaussian()));
      seen.add(d.observe(1, t, 40 + 10 * Math.sin(t / 15_000.0)));
      seen.add(d.observe(2, t, 46 + extraHeat + 0.1 * rnd.nextGaussian()));
    }
    return seen;
  }

  @Test
  void theBearingModelScoresAHealthySpindleLowAndAHotOneHigh() {
    try (OnnxDetector healthy = OnnxDetector.load(BEARING, Path.of("."));
        OnnxDetector hot = OnnxDetector.load(BEARING, Path.of("."))) {
      assertThat(runSteadily(healthy, 0, 45, 0)).containsOnly(Verdict.LEARNING, Verdict.NORMAL);
      assertThat(healthy.score()).isBetween(-1.5, 1.5);
      assertThat(runSteadily(hot, 0, 45, 10)).contains(Verdict.ANOMALOUS);
      assertThat(hot.score()).isBetween(8.5, 11.5);
    }
  }

  @Test
  void learnsUntilTheWindowIsFullAndEveryTagHasReported() {
    try (OnnxDetector d = OnnxDetector.load(BEARING, Path.of("."))) {
      // 29 whole steps: one short of the window.
      assertThat(runSteadily(d, 0, 30, 10)).containsOnly(Verdict.LEARNING);
      assertThat(d.score()).isNaN();
      assertThat(runSteadily(d, 30 * MINUTE, 1, 10)).contains(Verdict.ANOMALOUS);
    }
    try (OnnxDetector d = OnnxDetector.load(BEARING, Path.of("."))) {
      for (long t = 0; t < 60 * MINUTE; t += SECOND) {
        d.observe(0, t, 12_000);
        // No bearing temperature, ever: nothing to judge.
        assertThat(d.observe(1, t, 40)).isEqualTo(Verdict.LEARNING);
      }
    }
  }

  @Test
  void runsOncePerStepNotPerSample() {
    try (OnnxDetector d = OnnxDetector.load(BEARING, Path.of("."))) {
      runSteadily(d, 0, 40, 0);
      // The first sample of minute 40 closes minute 39, and the model runs.
      d.observe(2, 40 * MINUTE, 46);
      double score = d.score();
      // Within the step in progress a reading changes nothing until the step is over ...
      d.observe(2, 40 * MINUTE + 10 * SECOND, 80);
      d.observe(0, 40 * MINUTE + 20 * SECOND, 12_000);
      assertThat(d.score()).isEqualTo(score);
      // ... and then the model sees it as the latest bearing temperature: 34 degC hotter.
      assertThat(d.observe(0, 41 * MINUTE, 12_000)).isEqualTo(Verdict.ANOMALOUS);
      assertThat(d.score() - score).isBetween(30.0, 38.0);
    }
  }

  @Test
  void anOutageRestartsTheWindow() {
    try (OnnxDetector d = OnnxDetector.load(BEARING, Path.of("."))) {
      assertThat(runSteadily(d, 0, 40, 10)).contains(Verdict.ANOMALOUS);
      // The machine is off the network for ten minutes; when it comes back, it learns again.
      assertThat(d.observe(2, 50 * MINUTE, 56)).isEqualTo(Verdict.LEARNING);
      assertThat(runSteadily(d, 50 * MINUTE, 20, 10)).containsOnly(Verdict.LEARNING);
      assertThat(runSteadily(d, 70 * MINUTE, 15, 10)).contains(Verdict.ANOMALOUS);
    }
  }

  @Test
  void nanAndInfinityAreIgnored() {
    try (OnnxDetector d = OnnxDetector.load(BEARING, Path.of("."))) {
      runSteadily(d, 0, 40, 0);
      double score = d.score();
      assertThat(d.observe(2, 41 * MINUTE, Double.NaN)).isEqualTo(Verdict.NORMAL);
      assertThat(d.observe(0, 42 * MINUTE, Double.POSITIVE_INFINITY)).isEqualTo(Verdict.NORMAL);
      assertThat(d.score()).isEqualTo(score);
    }
  }

  @Test
  void theWindowGoesInOldestStepFirstWithTheTagsInTheirOrder() throws Exception {
    // This test model returns the first value it is given.
    AnomalySpec.Model spec =
        new AnomalySpec.Model("oldest-value.onnx", List.of("a", "b"), 3, Duration.ofMinutes(1), 20);
    try (OnnxDetector d = OnnxDetector.load(spec, testModels())) {
      for (int minute = 0; minute <= 3; minute++) {
        d.observe(1, minute * MINUTE, 100 + minute);
        d.observe(0, minute * MINUTE, 10 + minute);
      }
      // Steps 0, 1, 2 are closed; the oldest is step 0, and tag a comes first.
      assertThat(d.score()).isEqualTo(10);
      assertThat(d.observe(0, 4 * MINUTE, 30)).isEqualTo(Verdict.NORMAL);
      assertThat(d.score()).isEqualTo(11);
      assertThat(d.observe(0, 7 * MINUTE, 0)).isEqualTo(Verdict.ANOMALOUS);
      assertThat(d.score()).isEqualTo(30);
    }
  }

  @Test
  void aModelThatTakesAnyWindowFitsEveryDefinition() throws Exception {
    // This test model returns the last value it is given, whatever the window's length.
    AnomalySpec.Model spec =
        new AnomalySpec.Model("any-length.onnx", List.of("a", "b"), 4, Duration.ofMinutes(1), 5);
    try (OnnxDetector d = OnnxDetector.load(spec, testModels())) {
      for (int minute = 0; minute <= 4; minute++) {
        d.observe(0, minute * MINUTE, minute);
        d.observe(1, minute * MINUTE, 3 + minute);
      }
      // The newest step (minute 3) ends the window, tag b last.
      assertThat(d.score()).isEqualTo(6);
      assertThat(d.observe(0, 5 * MINUTE, 0)).isEqualTo(Verdict.ANOMALOUS);
      assertThat(d.score()).isEqualTo(7);
    }
  }

  @Test
  void aModelFileIsFoundRelativeToTheConfiguration(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("models"));
    Files.copy(testModels().resolve("oldest-value.onnx"), dir.resolve("models/mine.onnx"));
    AnomalySpec.Model spec =
        new AnomalySpec.Model("models/mine.onnx", List.of("a", "b"), 3, Duration.ofMinutes(1), 1);
    try (OnnxDetector d = OnnxDetector.load(spec, dir)) {
      assertThat(d.inputs()).isEqualTo(2);
      assertThat(d.model()).isEqualTo("models/mine.onnx");
    }
  }

  // Refused at load, with the reason.

  static DefinitionException refusal(AnomalySpec.Model spec, Path base) {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(() -> OnnxDetector.load(spec, base));
    assertThat(t).isInstanceOf(DefinitionException.class);
    DefinitionException e = (DefinitionException) t;
    assertThat(e.field()).isEqualTo("anomaly.model");
    return e;
  }

  @Test
  void aWindowTheModelWasNotTrainedOnIsRefused() {
    AnomalySpec.Model spec =
        new AnomalySpec.Model("builtin:cnc-bearing", BEARING_TAGS, 10, Duration.ofMinutes(1), 5);
    assertThat(refusal(spec, Path.of(".")).problem())
        .isEqualTo(
            "model cnc-bearing expects 90 inputs (30 steps × 3 tags), the definition gives 30 (10"
                + " steps × 3 tags)");
  }

  @Test
  void theWrongNumberOfTagsIsRefusedEvenWhenTheShapeHappensToFit() {
    AnomalySpec.Model fewer =
        new AnomalySpec.Model(
            "builtin:cnc-bearing", BEARING_TAGS.subList(0, 2), 30, Duration.ofMinutes(1), 5);
    assertThat(refusal(fewer, Path.of(".")).problem())
        .isEqualTo(
            "model cnc-bearing expects 90 inputs (30 steps × 3 tags), the definition gives 60 (30"
                + " steps × 2 tags)");
    AnomalySpec.Model sameSize =
        new AnomalySpec.Model(
            "builtin:cnc-bearing", BEARING_TAGS.subList(0, 2), 45, Duration.ofMinutes(1), 5);
    assertThat(refusal(sameSize, Path.of(".")).problem())
        .isEqualTo(
            "model cnc-bearing reads 3 tags (spindle/speed, spindle/load,"
                + " spindle/bearing-temperature), the definition gives 2");
  }

  @Test
  void aStepTheModelWasNotTrainedOnIsRefused() {
    AnomalySpec.Model spec =
        new AnomalySpec.Model("builtin:cnc-bearing", BEARING_TAGS, 30, Duration.ofSeconds(30), 5);
    assertThat(refusal(spec, Path.of(".")).problem())
        .isEqualTo(
            "model cnc-bearing was trained on a step of 1m, the definition gives 30s: its weights"
                + " are in steps");
  }

  @Test
  void aMissingFileIsRefused(@TempDir Path dir) {
    AnomalySpec.Model spec =
        new AnomalySpec.Model("models/gone.onnx", BEARING_TAGS, 30, Duration.ofMinutes(1), 5);
    assertThat(refusal(spec, dir).problem())
        .isEqualTo("model file " + dir.resolve("models/gone.onnx") + " does not exist");
  }

  @Test
  void anUnknownBuiltInModelIsRefused() {
    AnomalySpec.Model spec =
        new AnomalySpec.Model("builtin:press-ram", BEARING_TAGS, 30, Duration.ofMinutes(1), 5);
    assertThat(refusal(spec, Path.of(".")).problem())
        .isEqualTo("there is no built-in model press-ram; the built-in models are cnc-bearing");
  }

  @Test
  void aFileThatIsNotAnOnnxModelIsRefused(@TempDir Path dir) throws Exception {
    // A CSV saved under the model's name: the usual mistake.
    Files.writeString(dir.resolve("bearing.onnx"), "time,speed,load\n0,12000,40\n");
    AnomalySpec.Model spec =
        new AnomalySpec.Model("bearing.onnx", BEARING_TAGS, 30, Duration.ofMinutes(1), 5);
    assertThat(refusal(spec, dir).problem())
        .startsWith("model bearing.onnx is not an ONNX model ONNX Runtime can load: ");
  }

  @Test
  void aTruncatedModelIsRefused(@TempDir Path dir) throws Exception {
    byte[] model;
    try (var in =
        OnnxDetectorTest.class.getResourceAsStream(OnnxModel.BUILTIN_FOLDER + "cnc-bearing.onnx")) {
      model = in.readAllBytes();
    }
    Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(model, model.length / 2));
    AnomalySpec.Model spec =
        new AnomalySpec.Model("cut.onnx", BEARING_TAGS, 30, Duration.ofMinutes(1), 5);
    assertThat(refusal(spec, dir).problem())
        .startsWith("model cut.onnx is not an ONNX model ONNX Runtime can load: ");
  }

  @Test
  void aModelThatGivesMoreThanOneScoreIsRefused() throws Exception {
    AnomalySpec.Model spec =
        new AnomalySpec.Model("two-scores.onnx", List.of("a", "b"), 3, Duration.ofMinutes(1), 5);
    assertThat(refusal(spec, testModels()).problem())
        .startsWith("model two-scores.onnx must give one float score, it gives 1 output(s)")
        .contains("shape=[1, 2]");
  }

  @Test
  void aModelThatTakesWholeNumbersIsRefused() throws Exception {
    AnomalySpec.Model spec =
        new AnomalySpec.Model("integer-input.onnx", List.of("a", "b"), 3, Duration.ofMinutes(1), 5);
    assertThat(refusal(spec, testModels()).problem())
        .startsWith("model integer-input.onnx's input is ")
        .endsWith("; it must be floats shaped [1, 6]");
  }

  @Test
  void observingAnInputTheDetectorDoesNotHaveIsAProgrammingError() {
    try (OnnxDetector d = OnnxDetector.load(BEARING, Path.of("."))) {
      assertThatThrownBy(() -> d.observe(3, 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }
}
