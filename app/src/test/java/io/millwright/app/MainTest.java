package io.millwright.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.app.cli.UsageException;
import io.millwright.app.config.ConfigException;
import io.millwright.app.module.ModuleStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Everything that exits with code 2 is decided in {@link Main#prepare}, before a port is bound. */
class MainTest {

  @Test
  void anUnknownRoleListsTheKnownOnes() {
    assertThatThrownBy(() -> Main.prepare(new String[] {"run", "--roles", "nosuch"}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--roles: unknown role 'nosuch'; known roles: all");
  }

  @Test
  void anUnknownRoleFromTheEnvironmentSaysWhereItCameFrom() {
    assertThatThrownBy(
            () -> Main.prepare(new String[] {"run"}, Map.of("MILLWRIGHT_ROLES", "brokr")))
        .hasMessageStartingWith("roles (configuration or MILLWRIGHT_ROLES): unknown role 'brokr'");
  }

  @Test
  void aBadValueIsAConfigurationError() {
    assertThatThrownBy(
            () -> Main.prepare(new String[] {"demo"}, Map.of("MILLWRIGHT_HTTP_PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port");
  }

  @Test
  void theDemoPlansEveryRoleWithTheSimulatedFactory() {
    Launch launch = Main.prepare(new String[] {"demo"}, Map.of());
    assertThat(launch.manager().status())
        .extracting(ModuleStatus::name)
        .containsExactly(
            "data",
            "security",
            "broker",
            "cloud",
            "namespace",
            "simulator",
            "alarms",
            "connectors",
            "historian",
            "jobs",
            "mirror",
            "oee",
            "publisher",
            "users",
            "web");
    // The demo's publisher sends to its own cloud, over loopback, with a token made up for the run.
    assertThat(launch.config().publisher().orElseThrow().url()).isEqualTo("http://127.0.0.1:8080");
    assertThat(launch.config().cloud().orElseThrow().sites())
        .extracting(io.millwright.app.config.CloudConfig.Site::id)
        .containsExactly("plant-1");
  }

  @Test
  void theDemoWithThreeSitesRegistersThemAndStartsTheOtherTwo() {
    Launch launch = Main.prepare(new String[] {"demo", "--sites", "3"}, Map.of());
    assertThat(launch.manager().status())
        .extracting(ModuleStatus::name)
        .contains("cloud", "publisher", "demo-sites");
    assertThat(launch.config().cloud().orElseThrow().sites())
        .extracting(io.millwright.app.config.CloudConfig.Site::id)
        .containsExactly("plant-1", "plant-2", "plant-3");
    assertThat(launch.config().cloud().orElseThrow().sites()).allMatch(s -> s.token().isPresent());
  }

  @Test
  void simulateServesTheMachinesWithoutABrokerOrTheNamespace() {
    Launch launch = Main.prepare(new String[] {"simulate"}, Map.of());
    assertThat(launch.manager().status())
        .extracting(ModuleStatus::name)
        .containsExactly("data", "security", "simulator", "users");
  }
}
