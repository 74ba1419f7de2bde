package io.millwright.web.plant;

/**
 * A tag's latest value as the namespace showed it.
 *
 * @param value a number, text or boolean; null when the sample carries none (a Bad sample)
 * @param quality {@code Good}, {@code Uncertain} or {@code Bad}, with the reason after a colon when
 *     there is one
 */
public record LiveValue(String tag, Object value, String quality, long timestamp) {}
