/**
 * The embedded default backend of the historian: a DuckDB database file, written through DuckDB's
 * Appender.
 *
 * <p>How it is laid out: appends land in an {@code inbox} table in arrival order, one transaction
 * (one WAL fsync) per batch; when the inbox reaches a threshold, a compaction moves it into {@code
 * samples} clustered by tag without duplicates, so that per-tag queries read only that tag's row
 * groups. The latest sample per tag is kept in memory and persisted as a snapshot by each
 * compaction; on open it is rebuilt from the snapshot and the inbox. Tag paths and quality reasons
 * are dictionary-coded. See {@link io.millwright.historian.duckdb.DuckDbStore} for the durability
 * policy and failure handling.
 */
package io.millwright.historian.duckdb;
