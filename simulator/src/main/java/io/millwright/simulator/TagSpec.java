package io.millwright.simulator;

import io.millwright.core.machine.DataType;

/**
 * One tag of a simulated machine, before a protocol server gives it an address.
 *
 * @param name tag path below the machine, {@code spindle/speed}
 * @param type the type the machine holds it in
 * @param unit engineering unit, empty when none
 * @param writable whether clients may write it
 */
public record TagSpec(String name, DataType type, String unit, boolean writable) {}
