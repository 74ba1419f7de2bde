/**
 * The sites the cloud serves: {@link io.millwright.cloud.fleet.SiteRegistry}, those allowed to
 * send, and {@link io.millwright.cloud.fleet.FleetView}, one row per site with its contact, status
 * and totals.
 */
package io.millwright.cloud.fleet;
