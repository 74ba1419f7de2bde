/**
 * The {@code oee} feature: machine states from tag rules, the shift calendar, downtime with
 * reasons, and OEE per machine, line and site.
 */
package io.millwright.oee;
