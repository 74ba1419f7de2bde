/**
 * The {@code alarms} role: alarm definitions turned into alarms, their ISA-18.2 lifecycle, the
 * durable journal, notifications and the anomaly detectors that need no plant knowledge.
 */
package io.millwright.alarms;
