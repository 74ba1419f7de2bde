package io.millwright.app.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code jobs} section: how jobs are planned onto machines and where the ERP is.
 *
 * @param autoRelease imported jobs go into a machine's queue by themselves; empty: no (the demo:
 *     yes)
 * @param autoDispatch the head of a free machine's queue is sent to it by itself
 * @param products product → the machines that make it; empty: any product (orders name machines)
 * @param groups named sets of machines an order may name
 * @param retention how long finished jobs are kept
 * @param erp the ERP link; empty: jobs come only through the API
 */
public record JobsConfig(
    Optional<Boolean> autoRelease,
    boolean autoDispatch,
    Duration dispatchTimeout,
    int dispatchAttempts,
    Duration progressInterval,
    Map<String, List<String>> products,
    Map<String, List<String>> groups,
    Duration retention,
    Optional<Erp> erp) {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

  public static final JobsConfig NONE =
      new JobsConfig(
          Optional.empty(),
          true,
          Duration.ofSeconds(10),
          3,
          Duration.ofMinutes(1),
          Map.of(),
          Map.of(),
          DEFAULT_RETENTION,
          Optional.empty());

  public JobsConfig {
    products = Collections.unmodifiableMap(new LinkedHashMap<>(products));
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  /**
   * The ERP link.
   *
   * @param type {@code rest} or {@code sql}
   * @param url the REST base URL or the JDBC URL
   * @param user the database user (sql)
   * @param secret the bearer token (rest) or the database password (sql), from the environment
   * @param fields the REST ERP's names for the order fields, where they differ
   * @param ordersTable the staging table the ERP writes orders into (sql)
   * @param confirmationsTable the table Millwright writes confirmations into (sql)
   * @param pollInterval how often new orders are fetched
   * @param webhook whether the ERP may also push orders to {@code POST /api/v1/jobs/erp/orders}
   */
  public record Erp(
      String type,
      String url,
      Optional<String> user,
      Optional<Secret> secret,
      Map<String, String> fields,
      String ordersTable,
      String confirmationsTable,
      Duration pollInterval,
      boolean webhook) {

    public Erp {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }
}
