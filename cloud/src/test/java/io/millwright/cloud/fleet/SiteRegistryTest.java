package io.millwright.cloud.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteRegistryTest {

  private final SiteRegistry registry =
      new SiteRegistry(
          List.of(
              new RegisteredSite("plant-1", "Plant 1, Brescia", Optional.of("s3cret-token")),
              new RegisteredSite("plant-2", "Plant 2, Lyon", Optional.empty())));

  @Test
  void onlyTheSitesOwnTokenMatches() {
    assertThat(registry.tokenMatches("plant-1", "s3cret-token")).isTrue();
    assertThat(registry.tokenMatches("plant-1", "s3cret-toke")).isFalse();
    assertThat(registry.tokenMatches("plant-1", "s3cret-token ")).isFalse();
    assertThat(registry.tokenMatches("plant-1", "")).isFalse();
    assertThat(registry.tokenMatches("plant-1", null)).isFalse();
    // A site without a token (it sends by MQTT or Kafka) and an unknown site match nothing.
    assertThat(registry.tokenMatches("plant-2", "")).isFalse();
    assertThat(registry.tokenMatches("plant-2", "s3cret-token")).isFalse();
    assertThat(registry.tokenMatches("plant-9", "s3cret-token")).isFalse();
  }

  @Test
  void findsRegisteredSitesInConfigurationOrder() {
    assertThat(registry.find("plant-2").map(RegisteredSite::name)).contains("Plant 2, Lyon");
    assertThat(registry.find("plant-9")).isEmpty();
    assertThat(registry.sites())
        .extracting(RegisteredSite::id)
        .containsExactly("plant-1", "plant-2");
  }

  @Test
  void theTokenNeverShowsInASitesDescription() {
    assertThat(registry.find("plant-1").orElseThrow().toString())
        .isEqualTo("RegisteredSite[id=plant-1, name=Plant 1, Brescia, token=(set)]")
        .doesNotContain("s3cret");
  }

  @Test
  void aSiteRegisteredTwiceOrBadlyIsRejectedSayingWhy() {
    RegisteredSite once = new RegisteredSite("plant-1", "Plant 1", Optional.empty());
    assertThatThrownBy(() -> new SiteRegistry(List.of(once, once)))
        .hasMessage("site plant-1 is registered twice; each site id once");
    assertThatThrownBy(() -> new RegisteredSite("plant-1", "Plant 1", Optional.of("")))
        .hasMessage("site plant-1 has an empty token: leave it out, or give a secret");
    assertThatThrownBy(() -> new RegisteredSite("plant-1", " ", Optional.empty()))
        .hasMessage("site plant-1 needs a name for the fleet view");
    assertThatThrownBy(() -> new RegisteredSite("Plant 1", "Plant 1", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("site id");
  }
}
