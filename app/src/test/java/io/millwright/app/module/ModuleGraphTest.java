package io.millwright.app.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleGraphTest {

  static ModuleDescriptor role(String name, String... needs) {
    return ModuleDescriptor.role(name, name, Set.of(needs), () -> null);
  }

  static ModuleDescriptor internal(String name, String... needs) {
    return ModuleDescriptor.internal(name, name, Set.of(needs), () -> null);
  }

  private static List<String> names(List<ModuleDescriptor> plan) {
    return plan.stream().map(ModuleDescriptor::name).toList();
  }

  private final ModuleGraph graph =
      new ModuleGraph(
          List.of(
              internal("data"),
              internal("security", "data"),
              role("broker", "data"),
              role("historian", "broker", "data"),
              role("alarms", "broker"),
              role("simulator")),
          List.of("alarms", "broker", "historian"),
          List.of("security"));

  @Test
  void startsDependenciesFirstAndBreaksTiesByName() {
    assertThat(names(graph.plan(List.of("all"))))
        .containsExactly("data", "broker", "alarms", "historian", "security");
  }

  @Test
  void aRoleBringsWhatItNeedsAndNothingElse() {
    assertThat(names(graph.plan(List.of("historian"))))
        .containsExactly("data", "broker", "historian", "security");
    assertThat(names(graph.plan(List.of("simulator"))))
        .containsExactly("data", "security", "simulator");
  }

  @Test
  void theSameRolesAlwaysGiveTheSameOrder() {
    assertThat(names(graph.plan(List.of("historian", "alarms"))))
        .isEqualTo(names(graph.plan(List.of("alarms", "historian", "alarms"))));
  }

  @Test
  void anUnknownRoleIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> graph.plan(List.of("broker", "nosuch")))
        .isInstanceOf(ModuleGraph.UnknownRoleException.class)
        .hasMessage(
            "unknown role 'nosuch'; known roles: all, alarms, broker, historian, simulator");
  }

  @Test
  void internalModulesCannotBeAskedForByName() {
    assertThatThrownBy(() -> graph.plan(List.of("data")))
        .hasMessageStartingWith("unknown role 'data'");
  }

  @Test
  void aCycleIsRejectedNamingItsMembers() {
    assertThatThrownBy(
            () ->
                new ModuleGraph(
                    List.of(role("a", "b"), role("b", "c"), role("c", "a"), role("d")),
                    List.of(),
                    List.of()))
        .hasMessage("modules depend on each other in a cycle: a, b, c");
  }

  @Test
  void aMissingDependencyIsRejected() {
    assertThatThrownBy(() -> new ModuleGraph(List.of(role("a", "ghost")), List.of(), List.of()))
        .hasMessage("module 'a' needs 'ghost', which does not exist");
  }
}
