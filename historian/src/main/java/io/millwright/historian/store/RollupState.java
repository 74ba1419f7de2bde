package io.millwright.historian.store;

/**
 * The rollups a store holds: the width of the last roll-up and how far they are complete (its
 * watermark, a multiple of the width).
 */
public record RollupState(long width, long completeTo) {}
