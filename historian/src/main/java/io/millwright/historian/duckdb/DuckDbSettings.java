package io.millwright.historian.duckdb;

/**
 * How much of the machine DuckDB may use. The whole edge demo must fit in 384 MB, and DuckDB
 * otherwise takes 80% of the RAM and every core.
 *
 * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 128MB}
 * @param threads DuckDB's worker threads
 */
public record DuckDbSettings(String memoryLimit, int threads) {

  public static final DuckDbSettings DEFAULTS = new DuckDbSettings("128MB", 2);

  public DuckDbSettings {
    if (memoryLimit == null || !memoryLimit.matches("\\d+(KB|MB|GB)")) {
      throw new IllegalArgumentException("memory limit like 128MB expected, got " + memoryLimit);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("DuckDB needs at least one thread");
    }
  }
}
