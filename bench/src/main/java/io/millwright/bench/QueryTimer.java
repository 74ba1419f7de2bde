package io.millwright.bench;

import java.io.IOException;
import java.util.Arrays;

/** Times a query as HistorianStoreBenchmark does: one warm-up run, then 50 timed runs. */
final class QueryTimer {

  static final int RUNS = 50;

  /** A query that returns the rows it read. */
  interface Query {
    int run() throws IOException;
  }

  /** The rows of the warm-up run and the p50 and p99 of the timed runs, in milliseconds. */
  record Timing(int rows, double p50, double p99) {}

  private QueryTimer() {}

  static Timing time(String what, Query query) throws IOException {
    int rows = query.run();
    long[] nanos = new long[RUNS];
    for (int i = 0; i < nanos.length; i++) {
      long started = System.nanoTime();
      query.run();
      nanos[i] = System.nanoTime() - started;
    }
    Arrays.sort(nanos);
    Timing timing =
        new Timing(rows, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6);
    System.out.printf(
        "%s: %,d rows, p50 %.2f ms, p99 %.2f ms%n", what, rows, timing.p50(), timing.p99());
    return timing;
  }
}
