package io.millwright.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs users install (deploy/crds, and the Helm chart's crds/) are the ones the build generates
 * from the Java model (crd-generator-maven-plugin, at process-classes, before tests run).
 */
class CrdFilesTest {

  static final String REFRESH = "deploy/refresh-crds";

  @ParameterizedTest
  @ValueSource(strings = {"sites", "machines"})
  void shippedCrdsEqualTheGeneratedOnes(String plural) throws IOException {
    Path generated =
        Path.of(System.getProperty("user.dir"))
            .resolve("target/classes/META-INF/fabric8/" + plural + ".millwright.io-v1.yml");
    assertThat(generated).as("the build generates %s", generated).isRegularFile();
    String expected = Files.readString(generated);
    Path repo = Manifests.repo();
    for (Path shipped :
        List.of(
            repo.resolve("deploy/crds/" + plural + ".millwright.io.yaml"),
            repo.resolve(
                "deploy/helm/millwright-operator/crds/" + plural + ".millwright.io.yaml"))) {
      assertThat(shipped).as("%s exists; run %s", shipped, REFRESH).isRegularFile();
      assertThat(Files.readString(shipped))
          .as(
              "%s differs from the generated CRD; run %s to refresh it",
              repo.relativize(shipped), REFRESH)
          .isEqualTo(expected);
    }
  }
}
