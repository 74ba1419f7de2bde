package io.millwright.app.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.millwright.app.Launch;
import io.millwright.app.Version;
import io.millwright.app.module.ModuleManager;
import io.millwright.app.module.ModuleState;
import io.millwright.app.module.ModuleStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.Function;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Connects the module manager to the framework: one liveness and one readiness check per module
 * (aggregated by {@code /q/health/live} and {@code /q/health/ready}), per-role gauges on {@code
 * /q/metrics}, and the stop on shutdown.
 */
@ApplicationScoped
public class ModuleBridge {

  @Inject @Liveness HealthRegistry liveness;
  @Inject @Readiness HealthRegistry readiness;
  @Inject MeterRegistry meters;

  void onStart(@Observes StartupEvent event) {
    ModuleManager manager = Launch.current().manager();
    Gauge.builder("millwright.build.info", () -> 1)
        .tag("version", Version.current())
        .description("Always 1; the version is a tag")
        .register(meters);
    for (ModuleStatus module : manager.status()) {
      String name = module.name();
      String kind = module.role() ? "role" : "internal";
      liveness.register(name, () -> response(manager, name, s -> s.health().live()));
      readiness.register(name, () -> response(manager, name, s -> s.health().ready()));
      Gauge.builder("millwright.role.up", () -> state(manager, name) == ModuleState.RUNNING ? 1 : 0)
          .tags("role", name, "kind", kind)
          .description("1 while the module runs, 0 before start, after stop or on failure")
          .register(meters);
      Gauge.builder("millwright.role.ready", () -> status(manager, name).health().ready() ? 1 : 0)
          .tags("role", name, "kind", kind)
          .description("1 while the module reports ready")
          .register(meters);
      Gauge.builder("millwright.role.start.seconds", () -> startSeconds(manager, name))
          .tags("role", name, "kind", kind)
          .description("How long the module took to start")
          .register(meters);
    }
  }

  /**
   * Registers each running module's figures as gauges named {@code millwright_<module>_<figure>}.
   * Called once all modules run, because a module knows its figures only then.
   */
  public void registerFigures(ModuleManager manager) {
    for (ModuleStatus module : manager.status()) {
      String name = module.name();
      for (String figure : manager.figures(name).keySet()) {
        Gauge.builder(
                "millwright." + name + "." + figure.replace('_', '.'),
                () -> manager.figures(name).getOrDefault(figure, Double.NaN))
            .description(name + " " + figure.replace('_', ' '))
            .register(meters);
      }
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    Launch launch = Launch.current();
    launch.manager().stopAll(launch.config().shutdownTimeout());
  }

  private static HealthCheckResponse response(
      ModuleManager manager, String name, Function<ModuleStatus, Boolean> up) {
    ModuleStatus s = status(manager, name);
    var builder =
        HealthCheckResponse.named(name).status(up.apply(s)).withData("state", s.state().name());
    if (!s.health().detail().isEmpty()) {
      builder.withData("detail", s.health().detail());
    }
    return builder.build();
  }

  private static ModuleStatus status(ModuleManager manager, String name) {
    return manager.status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static ModuleState state(ModuleManager manager, String name) {
    return status(manager, name).state();
  }

  private static double startSeconds(ModuleManager manager, String name) {
    var d = status(manager, name).startDuration();
    return d == null ? Double.NaN : d.toNanos() / 1e9;
  }
}
