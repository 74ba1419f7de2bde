package io.millwright.bench;

import io.millwright.simulator.plant.MachineProducts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phase 1 of the jobs benchmark: posts orders into the ERP simulator from a few concurrent clients
 * while a watcher polls the jobs role's import counter, and times the import end to end (first POST
 * to the last order imported) and alone (first order imported to the last).
 */
final class JobsImport {

  /**
   * Order numbers of the benchmark: the ERP simulator's own are plain numbers. Short, because the
   * Modbus machines hold {@code job/order} in 16 characters and the job book writes the order's key
   * ({@code B000001/0010}); a longer one is cut there and never reads back.
   */
  static final String PREFIX = "B";

  static final String OPERATION = "0010";
  private static final long QUANTITY = 100;
  // The watcher's period: the import span is known to within this.
  private static final long POLL_MILLIS = 50;

  /** What the phase measured. */
  record Result(
      int orders,
      double postSeconds,
      double endToEndSeconds,
      double importSeconds,
      double imported,
      double rejected,
      double duplicates,
      double fetches,
      double cpuSeconds,
      double maxRssMiB,
      boolean complete) {}

  private final MillwrightProcess binary;
  private final int erpPort;
  private final List<MachineProducts> machines;

  JobsImport(MillwrightProcess binary, int erpPort, List<MachineProducts> machines) {
    this.binary = binary;
    this.erpPort = erpPort;
    this.machines = machines;
  }

  /** The n-th order: the machines in turn, each one's products in turn. */
  String order(int n) {
    MachineProducts m = machines.get(n % machines.size());
    String product = m.products().get((n / machines.size()) % m.products().size());
    return String.format(
        Locale.ROOT,
        "{\"orderNumber\":\"%s%06d\",\"operation\":\"%s\",\"product\":\"%s\",\"quantity\":%d,"
            + "\"machine\":\"%s\"}",
        PREFIX,
        n,
        OPERATION,
        product,
        QUANTITY,
        m.machineId());
  }

  Result run(int orders, int clients, long timeoutSeconds) throws Exception {
    Map<String, Double> m0 = binary.metrics("millwright_jobs_");
    double imported0 = m0.getOrDefault("millwright_jobs_orders_imported_total", 0.0);
    double cpu0 = Proc.cpuSeconds(binary.pid());
    AtomicLong firstImport = new AtomicLong();
    AtomicLong lastImport = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
    long t0 = System.nanoTime();
    List<Future<?>> posting = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      posting.add(
          pool.submit(
              () -> {
                PeerHttp erp = new PeerHttp(erpPort);
                for (int n = client; n < orders; n += clients) {
                  erp.post("/api/orders", order(n));
                }
                return null;
              }));
    }
    double[] maxRss = {0};
    Future<Boolean> watching =
        pool.submit(
            () -> {
              long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
              while (System.nanoTime() < deadline) {
                double done =
                    binary
                            .metrics("millwright_jobs_orders_imported_total")
                            .getOrDefault("millwright_jobs_orders_imported_total", 0.0)
                        - imported0;
                long now = System.nanoTime();
                if (done > 0) {
                  firstImport.compareAndSet(0, now);
                }
                maxRss[0] = Math.max(maxRss[0], Proc.rssMiB(binary.pid()));
                if (done >= orders) {
                  lastImport.set(now);
                  return true;
                }
                Thread.sleep(POLL_MILLIS);
              }
              return false;
            });
    for (Future<?> f : posting) {
      f.get();
    }
    double postSeconds = (System.nanoTime() - t0) / 1e9;
    boolean complete = watching.get();
    pool.shutdown();
    double cpu = Proc.cpuSeconds(binary.pid()) - cpu0;
    Map<String, Double> m1 = binary.metrics("millwright_jobs_");
    return new Result(
        orders,
        postSeconds,
        complete ? (lastImport.get() - t0) / 1e9 : Double.NaN,
        complete ? (lastImport.get() - firstImport.get()) / 1e9 : Double.NaN,
        delta(m0, m1, "millwright_jobs_orders_imported_total"),
        delta(m0, m1, "millwright_jobs_orders_rejected_total"),
        delta(m0, m1, "millwright_jobs_orders_duplicate_total"),
        delta(m0, m1, "millwright_jobs_erp_fetches_total"),
        cpu,
        maxRss[0],
        complete);
  }

  static double delta(Map<String, Double> m0, Map<String, Double> m1, String name) {
    return m1.getOrDefault(name, Double.NaN) - m0.getOrDefault(name, 0.0);
  }
}
