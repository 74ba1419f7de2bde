package io.millwright.web.plant;

/** A machine the plant view follows, with its place in the plant. */
public record PlantMachine(String id, String name, String area, String line) {}
