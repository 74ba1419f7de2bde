package io.millwright.app.jobs;

import io.millwright.app.config.JobsConfig;
import io.millwright.app.config.Secret;
import io.millwright.jobs.erp.ErpAdapter;
import io.millwright.jobs.erp.json.FieldNames;
import io.millwright.jobs.erp.rest.RestErpAdapter;
import io.millwright.jobs.erp.rest.RestErpConfig;
import io.millwright.jobs.erp.sql.SqlErpConfig;
import io.millwright.jobs.erp.sql.SqlStagingAdapter;
import java.net.URI;

/** The ERP adapter the configuration asks for. */
final class ErpAdapters {

  private ErpAdapters() {}

  /**
   * @throws IllegalArgumentException for settings an adapter refuses (a table name, field names)
   */
  static ErpAdapter create(JobsConfig.Erp erp) {
    return switch (erp.type()) {
      case "rest" -> {
        RestErpConfig c =
            RestErpConfig.of(URI.create(erp.url())).withFieldNames(FieldNames.of(erp.fields()));
        yield new RestErpAdapter(
            erp.secret().map(Secret::reveal).map(c::withBearerToken).orElse(c));
      }
      case "sql" ->
          new SqlStagingAdapter(
              SqlErpConfig.of(
                      erp.url(), erp.user().orElse(""), erp.secret().map(Secret::reveal).orElse(""))
                  .withTables(erp.ordersTable(), erp.confirmationsTable()));
      default -> throw new IllegalArgumentException("no ERP adapter of type " + erp.type());
    };
  }

  /** The demo's ERP: the simulator's, at its base URL. */
  static ErpAdapter simulated(String baseUrl) {
    return new RestErpAdapter(RestErpConfig.of(URI.create(baseUrl)));
  }
}
