package io.millwright.app.module;

/**
 * A unit the module manager starts and stops: a role a user can choose ({@code broker}, {@code
 * historian}) or an internal piece several roles need ({@code data}). Feature code stays
 * framework-free; a module only adapts it to this lifecycle.
 */
public interface Module {

  /**
   * Starts the module, returning once it runs; what it provides must be registered in {@code
   * context} before returning. Throwing stops the process with a non-zero exit code, so Kubernetes
   * restarts it.
   */
  void start(ModuleContext context) throws Exception;

  /**
   * Stops the module and releases what it holds; called once, in reverse start order, also after a
   * failed start.
   */
  void stop() throws Exception;

  /**
   * Counters and gauges for {@code /q/metrics}, by stable snake_case names (a name ending in {@code
   * _total} is a counter). Read on every scrape: must be cheap. The names are read once after
   * start, so a module should return all of them from then on.
   */
  default java.util.Map<String, Double> figures() {
    return java.util.Map.of();
  }

  /** Called by health probes, often: must be cheap and must not block. */
  default Health health() {
    return Health.UP;
  }
}
