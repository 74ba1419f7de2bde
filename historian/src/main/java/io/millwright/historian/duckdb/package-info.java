/**
 * The embedded default backend of the historian: a DuckDB database file, written through DuckDB's
 * Appender.
 */
package io.millwright.historian.duckdb;
