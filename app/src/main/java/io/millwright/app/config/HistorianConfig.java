package io.millwright.app.config;

import io.millwright.historian.retention.RetentionPolicy;
import java.util.Optional;

/**
 * Where the historian keeps its samples ({@code historian.*}).
 *
 * @param store {@code embedded} (DuckDB in the data directory) or {@code postgresql}
 * @param postgresqlUrl the JDBC URL, {@code jdbc:postgresql://host:5432/database}
 * @param postgresqlUser the database user
 * @param postgresqlPassword its password: from the environment only
 * @param postgresqlSchema the schema the historian's tables live in (created when missing)
 * @param retention how long raw samples and rollups are kept ({@code historian.retention}, {@code
 *     historian.rollups})
 */
public record HistorianConfig(
    String store,
    Optional<String> postgresqlUrl,
    Optional<String> postgresqlUser,
    Optional<Secret> postgresqlPassword,
    String postgresqlSchema,
    RetentionPolicy retention) {

  public static final String EMBEDDED = "embedded";
  public static final String POSTGRESQL = "postgresql";

  public boolean postgresql() {
    return store.equals(POSTGRESQL);
  }
}
