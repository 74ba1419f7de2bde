package io.millwright.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.operator.Render;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Site may have any name Kubernetes accepts for it (a DNS-1123 subdomain): the operator either
 * renders objects the API server accepts, or refuses the site with a problem, never objects that
 * fail at apply time. (The API server itself cannot run here; {@link NameRules} applies its name
 * rules.)
 */
class SiteNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plant-1",
        "2nd-plant",
        "plant.north",
        // 54 characters: the Site name fits a label, "<name>-historian" does not.
        "a-very-long-site-name-that-fills-most-of-a-dns-label-x",
        // 71 characters: a valid object name, too long for a label value.
        "the-north-plant-of-the-acme-corporation-in-the-hills-beyond-the-river-x"
      })
  void everyAcceptedSiteNameRendersValidNames(String name, @TempDir Path dir) throws IOException {
    Path site = dir.resolve("site.yaml");
    Files.writeString(
        site,
        """
        apiVersion: millwright.io/v1alpha1
        kind: Site
        metadata:
          name: %s
          namespace: plant-1
        spec:
          mode: split
        """
            .formatted(name));
    List<JsonNode> objects;
    try {
      objects =
          Manifests.fromModel(
              Render.render(
                      List.of(site, Manifests.repo().resolve("deploy/examples/machines.yaml")),
                      SiteRenderings.PROTOCOL_CHECK)
                  .objects());
    } catch (Render.RenderException refused) {
      // Refusing the name is a fine answer too, as long as it says why.
      assertThat(refused.getMessage()).contains(name);
      return;
    }
    assertThat(NameRules.violations(objects)).isEmpty();
  }
}
