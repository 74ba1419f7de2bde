package io.millwright.alarms.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.alarm.AnomalySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyDetectorsTest {

  @Test
  void eachKindOfSpecGetsItsDetector() throws Exception {
    assertThat(AnomalyDetectors.create(new AnomalySpec.Ewma(0.1, 3, 10), Path.of(".")))
        .isInstanceOf(EwmaDetector.class);
    assertThat(
            AnomalyDetectors.create(
                new AnomalySpec.Seasonal(Duration.ofDays(1), 24, 3, 7), Path.of(".")))
        .isInstanceOf(SeasonalDetector.class);
    AnomalyDetector model = AnomalyDetectors.create(OnnxDetectorTest.BEARING, Path.of("."));
    assertThat(model).isInstanceOf(OnnxDetector.class);
    assertThat(model.inputs()).isEqualTo(3);
    ((AutoCloseable) model).close();
  }

  @Test
  void everyBuiltInModelListedIsShippedAndLoads() {
    for (String name : AnomalyDetectors.BUILTIN_MODELS) {
      assertThat(OnnxDetectorTest.class.getResource(OnnxModel.BUILTIN_FOLDER + name + ".onnx"))
          .as(name)
          .isNotNull();
    }
    AnomalySpec.Model spec =
        new AnomalySpec.Model(
            "builtin:" + AnomalyDetectors.BUILTIN_MODELS.getFirst(),
            List.of("spindle/speed", "spindle/load", "spindle/bearing-temperature"),
            30,
            Duration.ofMinutes(1),
            5);
    try (OnnxDetector d = OnnxDetector.load(spec, Path.of("."))) {
      assertThat(d.inputs()).isEqualTo(3);
    }
  }
}
