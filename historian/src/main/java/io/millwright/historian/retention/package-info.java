/**
 * How long the historian keeps what: raw samples per tag pattern, rollups (aggregates of closed
 * buckets, kept longer than raw samples), and the maintenance job that computes the rollups and
 * expires what is older than its policy allows.
 */
package io.millwright.historian.retention;
