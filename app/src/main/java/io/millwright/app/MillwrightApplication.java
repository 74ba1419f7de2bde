package io.millwright.app;

import io.millwright.app.cli.Invocation.Command;
import io.millwright.app.module.ModuleManager;
import io.millwright.app.module.ModuleStartException;
import io.millwright.app.security.AdminCredential;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.util.logging.Logger;

/**
 * Runs once the HTTP server is up: waits for the planned modules, which {@link Main} set starting
 * before the framework booted (readiness stays DOWN until they all run), then for a stop request,
 * and returns the exit code. Modules stop on the framework's shutdown event ({@code ModuleBridge}),
 * in reverse order.
 */
public class MillwrightApplication implements QuarkusApplication {

  static final int FAILURE = 1;
  private static final Logger LOG = Logger.getLogger(MillwrightApplication.class.getName());

  @Override
  public int run(String... args) {
    Launch launch = Launch.current();
    ModuleManager manager = launch.manager();
    java.time.Duration took;
    try {
      took = manager.awaitStarted();
    } catch (ModuleStartException e) {
      System.err.println("millwright: " + e.getMessage());
      return FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILURE;
    }
    io.quarkus.arc.Arc.container()
        .instance(io.millwright.app.http.ModuleBridge.class)
        .get()
        .registerFigures(manager);
    io.quarkus.arc.Arc.container()
        .instance(io.millwright.app.machines.MachineMetrics.class)
        .get()
        .register(manager);
    long millis = took.toMillis();
    LOG.info(
        () ->
            "roles " + launch.config().roles() + " running (modules started in " + millis + " ms)");
    if (launch.invocation().command() == Command.DEMO) {
      String host =
          launch.config().httpHost().equals("0.0.0.0") ? "localhost" : launch.config().httpHost();
      System.out.println();
      System.out.println(
          "  Millwright demo is ready: http://" + host + ":" + launch.config().httpPort() + "/");
      System.out.println("  Sign in as '" + AdminCredential.USER + "'. Stop with Ctrl+C.");
      System.out.println();
      System.out.flush();
    }
    Quarkus.waitForExit();
    return manager.fatalFailure() == null ? 0 : FAILURE;
  }
}
