package io.millwright.app;

import io.millwright.app.cli.Invocation;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.module.ModuleManager;

/**
 * What {@link Main} decided before the framework started: the command, the validated configuration
 * and the modules to run. The framework's beans read it from here because they are created by the
 * framework, not by us.
 */
public record Launch(Invocation invocation, MillwrightConfig config, ModuleManager manager) {

  private static volatile Launch current;

  static void set(Launch launch) {
    current = launch;
  }

  public static Launch current() {
    Launch launch = current;
    if (launch == null) {
      throw new IllegalStateException("Millwright was not started through its main class");
    }
    return launch;
  }
}
