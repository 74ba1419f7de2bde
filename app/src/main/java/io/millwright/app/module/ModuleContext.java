package io.millwright.app.module;

import io.millwright.app.config.MillwrightConfig;

/**
 * What a starting module sees: the validated configuration and the services of the modules it
 * needs.
 */
public interface ModuleContext {

  MillwrightConfig config();

  /** A service provided by a module this one declared it needs. */
  <T> T require(Key<T> key);

  /** Makes a service available to the modules started after this one. */
  <T> void provide(Key<T> key, T service);

  /**
   * Reports a failure the module cannot recover from while running; the process stops with a
   * non-zero exit code so that a supervisor restarts it rather than leaving a half-working process
   * up.
   */
  void fail(String why, Throwable cause);
}
