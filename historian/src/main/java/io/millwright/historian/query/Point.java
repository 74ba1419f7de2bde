package io.millwright.historian.query;

/**
 * One point of a chart: a stored sample's time and number.
 *
 * @param timestamp UTC epoch milliseconds
 */
public record Point(long timestamp, double value) {}
